import path from 'node:path';
import { bundleForNode } from './scripts/bundleForNode.mjs';
import { buildNative } from './scripts/build-native.mjs';

/**
 * Model tests start real inference workers, which run as separate Node processes and so need
 * JavaScript: bundle the worker entries (inference, run summaries, the scoring sandbox) once per test run (a fraction of a second).
 */
export default async function setup(): Promise<void> {
  const root = import.meta.dirname;
  const outDir = path.join(root, '.cache', 'test-worker');
  // Greedy generation runs in the native decode loop where it is built; its tests need it (a few
  // seconds with a C++ compiler). EVALBENCH_NATIVE_DECODE=off runs everything through
  // node-llama-cpp's loop instead and skips them.
  if (process.env.EVALBENCH_NATIVE_DECODE !== 'off') {
    try {
      buildNative(root);
    } catch (error) {
      throw new Error(
        `The native decode loop could not be built: ${error instanceof Error ? error.message : String(error)}\n` +
          'Install a C++ compiler (e.g. `apt-get install g++`), or set EVALBENCH_NATIVE_DECODE=off to test without it.',
        { cause: error },
      );
    }
  }
  await bundleForNode({
    root,
    outDir,
    input: {
      worker: path.join(root, 'src/main/services/engine/worker/workerMain.ts'),
      // Run summaries are computed in a worker thread (SummaryService).
      summaryWorker: path.join(root, 'src/main/services/runs/summary/summaryWorkerMain.ts'),
      // Big test sets are parsed and checked in a worker thread (TestSetValidator).
      testSetWorker: path.join(root, 'src/main/services/testsets/validation/testSetWorkerMain.ts'),
      // Scorers that run a test set's own code run in the scoring sandbox's process.
      scorerSandbox: path.join(root, 'src/main/services/scoring/sandbox/scorerSandboxMain.ts'),
    },
  });
  process.env.EVALBENCH_TEST_WORKER = path.join(outDir, 'worker.js');
  process.env.EVALBENCH_TEST_SUMMARY_WORKER = path.join(outDir, 'summaryWorker.js');
  process.env.EVALBENCH_TEST_TESTSET_WORKER = path.join(outDir, 'testSetWorker.js');
  process.env.EVALBENCH_SCORER_SANDBOX = path.join(outDir, 'scorerSandbox.js');
}
