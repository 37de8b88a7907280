#!/usr/bin/env node
// Runs a benchmark from bench/: bundles it (and the inference worker it may start) with Vite,
// then runs it under plain Node so it measures what users run. Usage: npm run bench -- NAME [args]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleForNode } from './bundleForNode.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [name, ...args] = process.argv.slice(2);
const available = fs
  .readdirSync(path.join(root, 'bench'))
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''));
if (name === undefined || !available.includes(name)) {
  console.error(`Usage: npm run bench -- <name> [args]. Benchmarks: ${available.join(', ')}.`);
  process.exit(2);
}
const outDir = path.join(root, '.cache', 'bench');
await bundleForNode({
  root,
  outDir,
  input: {
    [name]: path.join(root, 'bench', `${name}.bench.ts`),
    worker: path.join(root, 'src/main/services/engine/worker/workerMain.ts'),
    summaryWorker: path.join(root, 'src/main/services/runs/summary/summaryWorkerMain.ts'),
    scorerSandbox: path.join(root, 'src/main/services/scoring/sandbox/scorerSandboxMain.ts'),
  },
});
const child = spawn(process.execPath, [path.join(outDir, `${name}.js`), ...args], {
  stdio: 'inherit',
  env: {
    ...process.env,
    EVALBENCH_BENCH_WORKER: path.join(outDir, 'worker.js'),
    EVALBENCH_BENCH_SUMMARY_WORKER: path.join(outDir, 'summaryWorker.js'),
    EVALBENCH_SCORER_SANDBOX: path.join(outDir, 'scorerSandbox.js'),
  },
});
child.on('exit', (code) => process.exit(code ?? 1));
