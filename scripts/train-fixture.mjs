#!/usr/bin/env node
// Trains the skilled fixture model (src/main/services/gguf/skilled): bundles the trainer with
// Vite and runs it under plain Node, single-threaded. Usage: npm run train-fixture -- [--steps N] [--check]
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleForNode } from './bundleForNode.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, '.cache', 'train-fixture');
await bundleForNode({ root, outDir, input: { train: path.join(root, 'src/main/services/gguf/skilled/trainMain.ts') } });
const child = spawn(process.execPath, [path.join(outDir, 'train.js'), ...process.argv.slice(2)], { stdio: 'inherit', cwd: root });
child.on('exit', (code) => process.exit(code ?? 1));
