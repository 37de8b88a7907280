import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFixtures, type FixtureSet } from '../gguf/fixtureCache';
import { Engine } from './Engine';
import { forkWorker } from './WorkerProcess';

const workerScript = process.env.EVALBENCH_TEST_WORKER ?? '';
let fixtures: FixtureSet;
let engine: Engine;

beforeAll(async () => {
  expect(workerScript, 'vitest.globalSetup.ts builds the worker').not.toBe('');
  fixtures = await ensureFixtures({ skilled: true });
  engine = new Engine({ workerScript, launch: forkWorker });
}, 60_000);
afterAll(async () => {
  await engine.dispose();
});

// One thread: test files run in parallel on two cores.
const CPU = { backend: 'cpu', contextSize: 128, threads: 1 } as const;
const CONTEXT = 'capital of Norway =';
const CHOICES = [' Oslo', ' Rome', ' Lima'];

describe('Engine.scoreChoices', () => {
  it('stops in the worker between forward passes when cancelled, and the model scores the next item as before', async () => {
    const model = await engine.load(fixtures.files.f32, CPU);
    try {
      const before = await engine.scoreChoices(model.id, CONTEXT, CHOICES);
      // 64 long choices take 64 forward passes; the cancel reaches the worker during the first.
      const many = Array.from({ length: 64 }, (_, i) => ` ${'abcdefgh'.repeat(8)} ${i}`);
      const controller = new AbortController();
      const started = performance.now();
      const cancelled = engine.scoreChoices(model.id, CONTEXT, many, { signal: controller.signal });
      controller.abort();
      await expect(cancelled).rejects.toMatchObject({
        name: 'AbortError',
        message: expect.stringMatching(/^Log-likelihood scoring was cancelled after \d+ of 64 choices\.$/) as unknown,
      });
      const cancelledMs = performance.now() - started;
      const fromFull = performance.now();
      const full = await engine.scoreChoices(model.id, CONTEXT, many);
      expect(full).toHaveLength(64);
      // Well under the whole item's time (timings here are disturbed by other processes, hence the margin).
      expect(cancelledMs).toBeLessThan((performance.now() - fromFull) / 2);
      expect(await engine.scoreChoices(model.id, CONTEXT, CHOICES)).toEqual(before);
      // A signal that has already fired sends nothing.
      await expect(engine.scoreChoices(model.id, CONTEXT, CHOICES, { signal: AbortSignal.abort() })).rejects.toMatchObject({
        name: 'AbortError',
      });
    } finally {
      await engine.unload(model.id);
    }
  }, 60_000);

  it('a worker outlives a terminal’s Ctrl-C (SIGINT reaches the whole process group): the engine decides what stops', async () => {
    const model = await engine.load(fixtures.files.q8_0, CPU);
    try {
      const before = await engine.scoreChoices(model.id, CONTEXT, CHOICES);
      const pid = engine.pid(model.id);
      expect(pid).toBeDefined();
      process.kill(pid as number, 'SIGINT');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await engine.scoreChoices(model.id, CONTEXT, CHOICES)).toEqual(before);
    } finally {
      await engine.unload(model.id);
    }
  }, 60_000);
});
