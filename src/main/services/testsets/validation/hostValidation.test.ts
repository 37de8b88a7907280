import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { forkWorker } from '../../engine/WorkerProcess';
import { createServices, type Services } from '../../Services';
import { callRouter } from '../../testing/callRouter';
import { bigJsonlTestSet, bigYamlTestSet, longestBusy } from './bigTestSet.testutil';

let services: Services | null = null;
let home = '';
afterEach(async () => {
  await services?.close();
  services = null;
  fs.rmSync(home, { recursive: true, force: true });
});

function start(): Services {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-hostbig-'));
  services = createServices({
    home,
    host: 'browser',
    engine: { workerScript: '', launch: forkWorker },
    testSetWorkerScript: process.env.EVALBENCH_TEST_TESTSET_WORKER ?? '',
  });
  return services;
}

describe('the host with its test set worker', () => {
  it(
    'lists a big YAML test set put in the library folder without its event loop busy 200 ms at a stretch',
    { retry: 2, timeout: 120_000 },
    async () => {
      const host = start();
      fs.mkdirSync(path.join(home, 'testsets'), { recursive: true });
      fs.writeFileSync(path.join(home, 'testsets', 'big.yaml'), bigYamlTestSet(512 * 1024));
      const { value, longest } = await longestBusy(() => callRouter<{ name: string; caseCount: number }[]>(host, 'testSets.refresh', {}));
      expect(value.map((s) => [s.name, s.caseCount > 2000])).toEqual([['Big', true]]);
      // Without the worker (no testSetWorkerScript) the loop was busy for seconds at once on a shared 2-core machine.
      expect(longest).toBeLessThan(200);
    },
  );

  it(
    'validates a 4 MiB JSONL test set for a run without its event loop busy 300 ms at a stretch',
    { retry: 2, timeout: 120_000 },
    async () => {
      const host = start();
      const file = path.join(home, 'big.jsonl');
      fs.writeFileSync(file, bigJsonlTestSet(4 * 1024 * 1024));
      const { value, longest } = await longestBusy(() =>
        callRouter<{ caseCount: number }>(host, 'runs.testSetParams', { testSetPath: file }),
      );
      expect(value.caseCount).toBeGreaterThan(20_000);
      // Validation is off the loop; what is left is the run's own work on 28,000 cases (rendering
      // them, reading their parameters), 0.2–0.3 s here. Without the worker: ~0.9 s at once.
      expect(longest).toBeLessThan(300);
    },
  );
});
