import path from 'node:path';
import { bundleForNode } from './scripts/bundleForNode.mjs';

/**
 * Model tests start real inference workers, which run as separate Node processes and so need
 * JavaScript: bundle the worker entries (inference, run summaries, the scoring sandbox) once per test run (a fraction of a second).
 */
export default async function setup(): Promise<void> {
  const root = import.meta.dirname;
  const outDir = path.join(root, '.cache', 'test-worker');
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
