import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFixtures, type FixtureSet } from '../gguf/fixtureCache';
import { Engine } from './Engine';
import { forkWorker } from './WorkerProcess';

const MiB = 1024 * 1024;
const workerScript = process.env.EVALBENCH_TEST_WORKER ?? '';
let fixtures: FixtureSet;
let engine: Engine;
let ballast: Buffer | null = null;

beforeAll(async () => {
  expect(workerScript, 'vitest.globalSetup.ts builds the worker').not.toBe('');
  fixtures = await ensureFixtures();
  engine = new Engine({ workerScript, launch: forkWorker, checkModelFile: () => Promise.resolve([]) });
}, 60_000);
afterAll(async () => {
  ballast = null;
  await engine.dispose();
});

describe('A worker started by a large parent', () => {
  it("reports its own peak memory, not the parent's (Linux carries maxRSS across fork+exec)", async () => {
    // 600 MB the parent has touched, so it is resident when the worker is forked.
    ballast = Buffer.alloc(600 * MiB, 1);
    expect(process.memoryUsage.rss()).toBeGreaterThan(600 * MiB);
    const model = await engine.load(fixtures.files.q8_0, { backend: 'cpu', contextSize: 256, threads: 1 });
    const memory = model.info.memory;
    await engine.unload(model.id);
    expect(ballast.length).toBe(600 * MiB);
    expect(memory.peakRssBytes).toBeGreaterThanOrEqual(memory.rssBytes);
    expect(memory.peakRssBytes).toBeLessThan(300 * MiB);
  }, 60_000);
});
