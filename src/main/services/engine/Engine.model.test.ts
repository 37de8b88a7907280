import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFixtures, type FixtureSet } from '../gguf/fixtureCache';
import { Engine, ModelFileError } from './Engine';
import { WorkerError } from './WorkerHandle';
import { forkWorker } from './WorkerProcess';
import { validateGguf } from '../gguf/validateGguf';
import { physicalCores } from '../system/physicalCores';

const workerScript = process.env.EVALBENCH_TEST_WORKER ?? '';
let fixtures: FixtureSet;
let engine: Engine;

beforeAll(async () => {
  expect(workerScript, 'vitest.globalSetup.ts builds the worker').not.toBe('');
  fixtures = await ensureFixtures();
  engine = new Engine({
    workerScript,
    launch: forkWorker,
    checkModelFile: async (file) => (await validateGguf(file)).problems.filter((p) => p.severity === 'error').map((p) => p.message),
  });
}, 60_000);
afterAll(async () => {
  await engine.dispose();
});

const PROMPT = { kind: 'completion', prompt: 'The quick brown fox' } as const;
// One thread: test files run in parallel on two cores, and llama.cpp's spinning thread pool
// slows a hundredfold when its threads have to share cores with other processes.
const CPU = { backend: 'cpu', contextSize: 256, threads: 1 } as const;

describe('Engine with fixture models', () => {
  it('loads every fixture on the CPU, by default with the thread count its probe found fastest', async () => {
    for (const file of Object.values(fixtures.files)) {
      const model = await engine.load(file, { backend: 'cpu', contextSize: 256 });
      const probe = model.info.threadProbe;
      if (physicalCores() > 1) {
        expect(probe?.tried.map((t) => t.threads)).toEqual(
          [1, physicalCores() >= 4 ? Math.floor(physicalCores() / 2) : null, physicalCores()].filter((t) => t !== null),
        );
        expect(probe?.tried.every((t) => t.tokensPerSecond > 0)).toBe(true);
        expect(model.info.threads).toBe(probe?.chosen);
        const fastest = Math.max(...(probe?.tried ?? []).map((t) => t.tokensPerSecond));
        expect(probe?.tried.find((t) => t.threads === probe.chosen)?.tokensPerSecond).toBeGreaterThanOrEqual(fastest * 0.95);
        expect(probe?.confirmedTokensPerSecond).toBeGreaterThan(0);
      } else expect(model.info.threads).toBe(1);
      expect(model.info.backend).toBe('cpu');
      expect(model.info.gpuLayers).toBe(0);
      expect(model.info.layerCount).toBeGreaterThan(0);
      expect(model.info.memory.peakRssBytes).toBeGreaterThan(10 * 1024 * 1024);
      await engine.unload(model.id);
    }
  }, 120_000);

  it('generates greedily with identical output every time, and measures it', async () => {
    const model = await engine.load(fixtures.files.q8_0, CPU);
    const first = await engine.generate(model.id, PROMPT, { maxTokens: 24 });
    const second = await engine.generate(model.id, PROMPT, { maxTokens: 24 });
    expect(first.text.length).toBeGreaterThan(0);
    expect(second.text).toBe(first.text);
    expect(first.stopReason).toBe(first.timings.generatedTokens === 24 ? 'max_tokens' : 'eos');
    expect(first.timings.promptTokens).toBeGreaterThan(1);
    expect(first.timings.timeToFirstTokenMs).toBeGreaterThan(0);
    expect(first.timings.promptTokensPerSecond).toBeGreaterThan(0);
    if (first.timings.generatedTokens >= 2) expect(first.timings.generationTokensPerSecond).toBeGreaterThan(0);
    expect(first.timings.totalMs).toBeGreaterThanOrEqual(first.timings.timeToFirstTokenMs ?? 0);
    expect(first.memory.peakRssBytes).toBeGreaterThan(0);
    expect(first.memory.vramUsedBytes).toBeNull();
    await engine.unload(model.id);
  });

  it('streams text that adds up to the final output', async () => {
    const model = await engine.load(fixtures.files.f16, CPU);
    const chunks: string[] = [];
    const result = await engine.generate(model.id, PROMPT, { maxTokens: 32 }, { onText: (t) => chunks.push(t) });
    expect(chunks.length).toBeGreaterThan(0);
    expect(chunks.join('')).toBe(result.text);
    await engine.unload(model.id);
  });

  it('stops before a stop string and never streams it', async () => {
    const model = await engine.load(fixtures.files.f32, CPU);
    const free = await engine.generate(model.id, PROMPT, { maxTokens: 32 });
    // Pick a stop string from the middle of the model's own greedy output.
    const stop = free.text.slice(Math.floor(free.text.length / 2), Math.floor(free.text.length / 2) + 2);
    expect(stop.length).toBe(2);
    const chunks: string[] = [];
    const stopped = await engine.generate(model.id, PROMPT, { maxTokens: 32, stop: [stop] }, { onText: (t) => chunks.push(t) });
    expect(stopped.stopReason).toBe('stop_sequence');
    expect(stopped.text).toBe(free.text.slice(0, free.text.indexOf(stop)));
    expect(chunks.join('')).toBe(stopped.text);
    await engine.unload(model.id);
  });

  it('ends a load under way when its signal fires, leaving nothing loaded and the next load working', async () => {
    const before = engine.list().length;
    const controller = new AbortController();
    // Aborted while the worker starts: the load must not go on to the end.
    const loading = engine.load(fixtures.files.f32, CPU, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(loading).rejects.toMatchObject({ name: 'AbortError' });
    expect(engine.list()).toHaveLength(before);
    await expect(engine.load(fixtures.files.f32, CPU, { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    const model = await engine.load(fixtures.files.f32, CPU);
    await engine.unload(model.id);
  });

  it('cancels mid-stream and keeps what was generated', async () => {
    // Room for a generation that lasts longer than the cancel's trip to the worker: the native
    // loop makes 200 tokens of this model in a few milliseconds.
    const model = await engine.load(fixtures.files.f32, { ...CPU, contextSize: 4096 });
    const controller = new AbortController();
    let received = '';
    const result = await engine.generate(
      model.id,
      PROMPT,
      { maxTokens: 4000, stop: [] },
      {
        signal: controller.signal,
        onText: (t) => {
          received += t;
          controller.abort();
        },
      },
    );
    expect(result.stopReason).toBe('cancelled');
    expect(result.timings.generatedTokens).toBeLessThan(4000);
    expect(result.text.startsWith(received)).toBe(true);
    // The model stays usable after a cancel.
    const after = await engine.generate(model.id, PROMPT, { maxTokens: 4 });
    expect(after.timings.generatedTokens).toBeGreaterThan(0);
    await engine.unload(model.id);
  });

  it('runs two models at once, each in its own process', async () => {
    const [a, b] = await Promise.all([engine.load(fixtures.files.f32, CPU), engine.load(fixtures.files.q4_0, CPU)]);
    expect(engine.pid(a.id)).not.toBe(engine.pid(b.id));
    const [ra, rb] = await Promise.all([
      engine.generate(a.id, PROMPT, { maxTokens: 16 }),
      engine.generate(b.id, PROMPT, { maxTokens: 16 }),
    ]);
    expect(ra.timings.generatedTokens).toBeGreaterThan(0);
    expect(rb.timings.generatedTokens).toBeGreaterThan(0);
    await Promise.all([engine.unload(a.id), engine.unload(b.id)]);
  });

  it('turns a worker that dies mid-generation into an error, and the model can be loaded again', async () => {
    // A generation that outlasts the kill's trip to the worker (see the cancel test).
    const model = await engine.load(fixtures.files.f32, { ...CPU, contextSize: 4096 });
    const pending = engine.generate(model.id, PROMPT, { maxTokens: 4000 }, { onText: () => void engine.killWorker(model.id) });
    await expect(pending).rejects.toBeInstanceOf(WorkerError);
    await expect(pending).rejects.toMatchObject({ kind: 'crashed' });
    await expect(engine.generate(model.id, PROMPT)).rejects.toThrow(/not loaded/);
    const again = await engine.load(fixtures.files.f32, CPU);
    expect((await engine.generate(again.id, PROMPT, { maxTokens: 4 })).timings.generatedTokens).toBeGreaterThan(0);
    await engine.unload(again.id);
  });

  it('refuses a file that fails validation without starting a worker', async () => {
    await expect(engine.load('/nonexistent/model.gguf')).rejects.toBeInstanceOf(ModelFileError);
  });

  it('reports a prompt longer than the context as an error that says what to change', async () => {
    const model = await engine.load(fixtures.files.q8_0, { ...CPU, contextSize: 32 });
    await expect(engine.generate(model.id, { kind: 'completion', prompt: 'word '.repeat(200) })).rejects.toThrow(/larger context size/);
    await engine.unload(model.id);
  });
});

describe('throughput mode', () => {
  it('runs several cases at once on parallel sequences with the same greedy output as one at a time', async () => {
    const prompts = ['The quick brown fox', 'Once upon a time', 'Two plus two', 'In the beginning'];
    const single = await engine.load(fixtures.files.q8_0, CPU);
    const alone = [];
    for (const prompt of prompts) alone.push((await engine.generate(single.id, { kind: 'completion', prompt }, { maxTokens: 12 })).text);
    await engine.unload(single.id);

    for (const batchOrdering of ['sequence-id', 'max-parallelism'] as const) {
      const parallel = await engine.load(fixtures.files.q8_0, { ...CPU, sequences: 4, batchOrdering });
      const together = await Promise.all(
        prompts.map((prompt) => engine.generate(parallel.id, { kind: 'completion', prompt }, { maxTokens: 12 })),
      );
      expect(together.map((r) => r.text)).toEqual(alone);
      await engine.unload(parallel.id);
    }
  });

  it('starts a case on a freed slot while the other slots are still generating', async () => {
    // Long cases that outlast B and C by far, however fast the engine makes tokens.
    const model = await engine.load(fixtures.files.q8_0, { ...CPU, contextSize: 4096, sequences: 4 });
    const finished: string[] = [];
    const run = (name: string, maxTokens: number) =>
      engine.generate(model.id, { kind: 'completion', prompt: `Case ${name}:` }, { maxTokens, stop: [] }).then((r) => {
        finished.push(name);
        return r;
      });
    // Three long cases hold three slots; B and then C share the fourth, C on B's used sequence.
    // node-llama-cpp's clearHistory waits until no other sequence has a decode queued.
    const results = await Promise.all([run('A1', 4000), run('A2', 4000), run('A3', 4000), run('B', 4), run('C', 4)]);
    for (const long of results.slice(0, 3)) expect(long.timings.generatedTokens, 'the long cases run to their limit').toBe(4000);
    expect(finished.slice(0, 2)).toEqual(['B', 'C']);
    await engine.unload(model.id);
  });
});
