#!/usr/bin/env node
// Runs the fuzz families in fuzz/ (the same ones `npm test` runs with a short budget).
// Usage: npm run fuzz [-- --long] [-- --seed N]
import { spawn } from 'node:child_process';

const args = process.argv.slice(2);
const env = { ...process.env };
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--long') env.EVALBENCH_FUZZ_LONG = '1';
  else if (args[i] === '--seed' && args[i + 1] !== undefined) env.EVALBENCH_FUZZ_SEED = args[++i];
  else {
    console.error(`Unknown argument '${args[i]}'. Usage: npm run fuzz -- [--long] [--seed N]`);
    process.exit(2);
  }
}
console.log(`Fuzzing with seed ${env.EVALBENCH_FUZZ_SEED ?? '20261206'}${env.EVALBENCH_FUZZ_LONG === '1' ? ', long budget' : ''}.`);
const child = spawn(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--project', 'fuzz'], { stdio: 'inherit', env });
child.on('exit', (code) => process.exit(code ?? 1));
