#!/usr/bin/env node
// Thin launcher: the CLI is built with the rest of the app into out/main/cli.js.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'out', 'main', 'cli.js');
if (!existsSync(cli)) {
  process.stderr.write('Evalbench is not built yet; run `npm run build` in its folder first.\n');
  process.exit(1);
}
try {
  const { main } = await import(pathToFileURL(cli).href);
  process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
} catch (error) {
  process.stderr.write(`evalbench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
