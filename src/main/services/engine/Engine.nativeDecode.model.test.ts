import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GenerationInput, GenerationParamsInput, GenerationResult, LoadOptionsInput } from '../../../shared/engine';
import { ensureFixtures, type FixtureSet } from '../gguf/fixtureCache';
import { completionPrompt, heldOutCases } from '../gguf/skilled/skills';
import { Engine, type LoadedModel } from './Engine';
import { forkWorker, forkWorkerWithEnv } from './WorkerProcess';
import { UNLOAD_TIMEOUT_MS } from './WorkerHandle';
import { DECODE_CPUS_ENV, NATIVE_DECODE_ENV } from './worker/decodeLoopAddon';

// Greedy cases generate in Evalbench's native loop (native/decodeLoop.cc) on node-llama-cpp's own
// context. It must give exactly what node-llama-cpp's greedy sampling gives: the same text, stop
// reason and token count on every fixture, and leave the context as node-llama-cpp expects it.

const workerScript = process.env.EVALBENCH_TEST_WORKER ?? '';
const nativeSkipped = process.env[NATIVE_DECODE_ENV] === 'off';
let fixtures: FixtureSet;
let skilled: FixtureSet;
let native: Engine;
let stock: Engine;

/** An engine whose workers use node-llama-cpp's loop: the reference. */
function stockEngine(): Engine {
  return new Engine({ workerScript, launch: forkWorkerWithEnv({ [NATIVE_DECODE_ENV]: 'off' }) });
}

beforeAll(async () => {
  expect(workerScript, 'vitest.globalSetup.ts builds the worker').not.toBe('');
  fixtures = await ensureFixtures();
  skilled = await ensureFixtures({ skilled: true });
  native = new Engine({ workerScript, launch: forkWorker });
  stock = stockEngine();
}, 60_000);
afterAll(async () => {
  await native.dispose();
  await stock.dispose();
});

const CPU = { backend: 'cpu', contextSize: 256, threads: 1 } as const;

function same(a: GenerationResult, b: GenerationResult): void {
  expect({ text: a.text, stopReason: a.stopReason, tokens: a.timings.generatedTokens }).toEqual({
    text: b.text,
    stopReason: b.stopReason,
    tokens: b.timings.generatedTokens,
  });
}

/** The same file loaded on both engines: the native loop's and node-llama-cpp's (the reference). */
interface Pair {
  fast: LoadedModel;
  reference: LoadedModel;
  /** Generates on both and expects the same text, stop reason and token count; the native result. */
  compare(input: GenerationInput, params: GenerationParamsInput): Promise<GenerationResult>;
  unload(): Promise<void>;
}

async function both(file: string, load: LoadOptionsInput = CPU): Promise<Pair> {
  const fast = await native.load(file, load);
  const reference = await stock.load(file, load);
  expect(fast.info.generationLoop).toEqual({ native: true, note: 'native' });
  expect(reference.info.generationLoop).toEqual({ native: false, note: `turned off (${NATIVE_DECODE_ENV}=off)` });
  return {
    fast,
    reference,
    async compare(input, params) {
      const result = await native.generate(fast.id, input, params);
      same(result, await stock.generate(reference.id, input, params));
      return result;
    },
    async unload() {
      await native.unload(fast.id);
      await stock.unload(reference.id);
    },
  };
}

describe.skipIf(nativeSkipped)('the native decode loop', () => {
  it('generates what node-llama-cpp generates greedily, on every quantisation', async () => {
    for (const file of [fixtures.files.f32, fixtures.files.q8_0, fixtures.files.q4_0, fixtures.files.f16]) {
      const pair = await both(file);
      const cases: [GenerationInput, GenerationParamsInput][] = [
        [{ kind: 'completion', prompt: 'The quick brown fox' }, { maxTokens: 40 }],
        [{ kind: 'completion', prompt: 'a' }, { maxTokens: 1 }],
        [
          { kind: 'completion', prompt: 'Once upon a time there was' },
          { maxTokens: 60, stop: ['e', 'the'] },
        ],
        // A repeat penalty or sampling goes through node-llama-cpp on both sides.
        [
          { kind: 'completion', prompt: 'The quick brown fox' },
          { maxTokens: 20, repeatPenalty: 1.3 },
        ],
        [
          { kind: 'completion', prompt: 'The quick brown fox' },
          { maxTokens: 20, temperature: 0.8, seed: 7 },
        ],
      ];
      for (const [input, params] of cases) await pair.compare(input, params);
      await pair.unload();
    }
  }, 120_000);

  it('stops where a trained model ends its answer, and at a chat template’s end of turn', async () => {
    const pair = await both(skilled.files.q8_0);
    const prompts = heldOutCases().slice(0, 12);
    let ended = 0;
    for (const c of prompts) {
      const input = { kind: 'completion', prompt: completionPrompt(c.prompt) } as const;
      if ((await pair.compare(input, { maxTokens: 64 })).stopReason === 'eos') ended++;
    }
    // The trained fixture ends its answers with end-of-sequence: the loop must stop there too.
    expect(ended).toBeGreaterThan(6);
    const chat: GenerationInput = { kind: 'chat', template: 'chatML', messages: [{ role: 'user', content: 'copy: abc' }] };
    await pair.compare(chat, { maxTokens: 30 });
    await pair.unload();
  }, 120_000);

  it('gives a context of two threads a thread pool of its own, with the same tokens', async () => {
    const pair = await both(fixtures.files.q8_0, { ...CPU, threads: 2 });
    expect(pair.fast.info.threads).toBe(2);
    for (const prompt of ['The quick brown fox', 'Once upon a time']) {
      const input = { kind: 'completion', prompt } as const;
      await pair.compare(input, { maxTokens: 40 });
      // node-llama-cpp's own decoding on the pooled context (a sampled case) is unchanged too.
      await pair.compare(input, { maxTokens: 20, temperature: 0.8, seed: 5 });
    }
    await pair.unload();
  }, 60_000);

  it('fills the context to its last cell and says so', async () => {
    const pair = await both(fixtures.files.q8_0);
    const input = { kind: 'completion', prompt: 'word '.repeat(60) } as const;
    const a = await pair.compare(input, { maxTokens: 1000 });
    expect(a.stopReason).toBe('context_full');
    expect(a.timings.promptTokens + a.timings.generatedTokens).toBe(256);
    await pair.unload();
  }, 60_000);

  it('leaves the context as node-llama-cpp expects: log-likelihoods and sampled cases after it are unchanged', async () => {
    const model = await native.load(fixtures.files.q8_0, CPU);
    const context = 'The capital of France is';
    const choices = [' Paris', ' London', ' a city'];
    const before = await native.scoreChoices(model.id, context, choices);
    const sampled = { maxTokens: 24, temperature: 0.7, seed: 3 };
    const sampledBefore = await native.generate(model.id, { kind: 'completion', prompt: context }, sampled);
    // A greedy case cut short by a stop string leaves tokens decoded past the stop in the cache.
    await native.generate(model.id, { kind: 'completion', prompt: 'word word word' }, { maxTokens: 200, stop: ['w'] });
    await native.generate(model.id, { kind: 'completion', prompt: 'The quick brown fox' }, { maxTokens: 100 });
    expect(await native.scoreChoices(model.id, context, choices)).toEqual(before);
    same(await native.generate(model.id, { kind: 'completion', prompt: context }, sampled), sampledBefore);
    await native.unload(model.id);
  }, 60_000);

  it('stops a cancelled case within a chunk and reports it cancelled, with its text so far', async () => {
    const model = await native.load(fixtures.files.f32, { ...CPU, contextSize: 1024 });
    const controller = new AbortController();
    let streamed = '';
    const pending = native.generate(
      model.id,
      { kind: 'completion', prompt: 'The quick brown fox' },
      { maxTokens: 1000 },
      {
        signal: controller.signal,
        onText: (text) => {
          streamed += text;
          if (streamed.length > 20) controller.abort();
        },
      },
    );
    const result = await pending;
    expect(result.stopReason).toBe('cancelled');
    expect(result.timings.generatedTokens).toBeLessThan(1000);
    expect(result.text.startsWith(streamed)).toBe(true);
    // The next case starts from an empty sequence.
    const again = await native.generate(model.id, { kind: 'completion', prompt: 'The quick brown fox' }, { maxTokens: 10 });
    const fresh = await stock.load(fixtures.files.f32, { ...CPU, contextSize: 1024 });
    same(again, await stock.generate(fresh.id, { kind: 'completion', prompt: 'The quick brown fox' }, { maxTokens: 10 }));
    await native.unload(model.id);
    await stock.unload(fresh.id);
  }, 60_000);

  it.each([
    { what: 'a greedy case in the native loop', threads: 1, params: {} },
    // node-llama-cpp decodes a sampled case on the context's thread pool: the pool must outlive it.
    { what: 'a sampled case node-llama-cpp decodes on the pooled context', threads: 2, params: { temperature: 0.8, seed: 1 } },
  ])(
    'unloads during $what: the case ends cancelled and the worker unloads without being killed',
    async ({ threads, params }) => {
      const model = await native.load(fixtures.files.f32, { ...CPU, contextSize: 4096, threads });
      let streaming = (): void => undefined;
      const started = new Promise<void>((resolve) => (streaming = resolve));
      const pending = native.generate(
        model.id,
        { kind: 'completion', prompt: 'The quick brown fox' },
        { maxTokens: 4000, ...params },
        { onText: () => streaming() },
      );
      await started;
      const before = performance.now();
      await native.unload(model.id);
      // The worker answered the unload itself: well inside the 5 s after which it would be killed.
      expect(performance.now() - before).toBeLessThan(UNLOAD_TIMEOUT_MS / 2);
      expect((await pending).stopReason).toBe('cancelled');
    },
    60_000,
  );

  it('times each token where it was sampled', async () => {
    const model = await native.load(fixtures.files.q8_0, CPU);
    const r = await native.generate(model.id, { kind: 'completion', prompt: 'The quick brown fox' }, { maxTokens: 64 });
    expect(r.timings.generatedTokens).toBeGreaterThan(2);
    expect(r.timings.timeToFirstTokenMs).toBeGreaterThan(0);
    expect(r.timings.timeToFirstTokenMs).toBeLessThanOrEqual(r.timings.totalMs);
    expect(r.timings.generationTokensPerSecond).toBeGreaterThan(0);
    await native.unload(model.id);
  }, 60_000);

  it('gives llama.cpp’s own decode rate beside the end-to-end rate, only where a case has the context to itself', async () => {
    const prompt = { kind: 'completion', prompt: 'The quick brown fox' } as const;
    const latency = await native.load(fixtures.files.q8_0, CPU);
    const insideOf = (r: GenerationResult): number => {
      const rate = r.timings.llamaCppDecodeTokensPerSecond;
      expect(rate, 'llama.cpp’s decode rate').toBeGreaterThan(0);
      // Its decode time is compute inside the case's own wall time: a wrong unit or a count of the
      // context's earlier work would break this.
      expect(((r.timings.generatedTokens - 1) / (rate ?? NaN)) * 1000).toBeLessThanOrEqual(r.timings.totalMs);
      return rate ?? NaN;
    };
    // Greedy (the native loop) and sampled (node-llama-cpp's loop) cases alike, counted afresh each case.
    insideOf(await native.generate(latency.id, prompt, { maxTokens: 48 }));
    insideOf(await native.generate(latency.id, prompt, { maxTokens: 48, temperature: 0.8, seed: 3 }));
    const short = await native.generate(latency.id, prompt, { maxTokens: 1 });
    expect(short.timings.llamaCppDecodeTokensPerSecond, 'one token needs no single-token decode').toBeUndefined();
    await native.unload(latency.id);
    // Throughput mode shares the context's counters between cases; without the addon there are none.
    const throughput = await native.load(fixtures.files.q8_0, { ...CPU, sequences: 2 });
    const shared = await Promise.all([
      native.generate(throughput.id, prompt, { maxTokens: 16 }),
      native.generate(throughput.id, prompt, { maxTokens: 16 }),
    ]);
    for (const r of shared) expect(r.timings.llamaCppDecodeTokensPerSecond).toBeUndefined();
    await native.unload(throughput.id);
    const reference = await stock.load(fixtures.files.q8_0, CPU);
    expect((await stock.generate(reference.id, prompt, { maxTokens: 16 })).timings.llamaCppDecodeTokensPerSecond).toBeUndefined();
    await stock.unload(reference.id);
  }, 60_000);

  it('pins its decoding thread where EVALBENCH_DECODE_CPUS says, and says why not when it cannot', async () => {
    const input = { kind: 'completion', prompt: 'The quick brown fox' } as const;
    const pinned = new Engine({ workerScript, launch: forkWorkerWithEnv({ [DECODE_CPUS_ENV]: '0' }) });
    const wrong = new Engine({ workerScript, launch: forkWorkerWithEnv({ [DECODE_CPUS_ENV]: '0-1' }) });
    // A CPU number this machine does not have is refused at load, not by every case after it.
    const absent = new Engine({ workerScript, launch: forkWorkerWithEnv({ [DECODE_CPUS_ENV]: '1000' }) });
    try {
      const model = await pinned.load(fixtures.files.q8_0, CPU);
      expect(model.info.generationLoop).toEqual({ native: true, note: 'native' });
      const reference = await stock.load(fixtures.files.q8_0, CPU);
      same(await pinned.generate(model.id, input, { maxTokens: 24 }), await stock.generate(reference.id, input, { maxTokens: 24 }));
      await stock.unload(reference.id);
      const fallback = await wrong.load(fixtures.files.q8_0, CPU);
      expect(fallback.info.generationLoop).toEqual({
        native: false,
        note: `${DECODE_CPUS_ENV}=0-1 is not a list of CPU numbers such as 1 or 0,2`,
      });
      const unpinned = await absent.load(fixtures.files.q8_0, CPU);
      expect(unpinned.info.generationLoop).toEqual({
        native: false,
        note: "could not be opened: none of the CPUs asked for can run this process's threads",
      });
      expect((await absent.generate(unpinned.id, input, { maxTokens: 4 })).timings.generatedTokens).toBe(4);
    } finally {
      await pinned.dispose();
      await wrong.dispose();
      await absent.dispose();
    }
  }, 60_000);

  it('runs throughput mode’s cases together, each as node-llama-cpp would alone, beside sampled and log-likelihood work', async () => {
    const options = { ...CPU, contextSize: 256, sequences: 4 };
    const fast = await native.load(fixtures.files.q8_0, options);
    const reference = await stock.load(fixtures.files.q8_0, CPU);
    expect(fast.info.generationLoop).toEqual({ native: true, note: 'native' });
    const prompts = [
      'The quick brown fox',
      'Once upon a time',
      'a',
      'word '.repeat(30),
      'The capital of France is',
      'zz top',
      'hello',
      'x y z',
    ];
    const greedy = prompts.map((prompt, i) => ({
      input: { kind: 'completion', prompt } as const,
      params: { maxTokens: 20 + i * 7, stop: i === 3 ? ['d'] : [] },
    }));
    const sampled = {
      input: { kind: 'completion', prompt: 'The quick brown fox' } as const,
      params: { maxTokens: 16, temperature: 0.9, seed: 11 },
    };
    const context = 'The capital of France is';
    const choices = [' Paris', ' London'];
    // Everything at once: 8 greedy cases on 4 sequences, a sampled case and a log-likelihood item
    // that node-llama-cpp decodes on the same context.
    const [results, sampledResult, scores] = await Promise.all([
      Promise.all(greedy.map((c) => native.generate(fast.id, c.input, c.params))),
      native.generate(fast.id, sampled.input, sampled.params),
      native.scoreChoices(fast.id, context, choices),
    ]);
    for (const [i, c] of greedy.entries()) same(results[i] as GenerationResult, await stock.generate(reference.id, c.input, c.params));
    same(sampledResult, await stock.generate(reference.id, sampled.input, sampled.params));
    const referenceScores = await stock.scoreChoices(reference.id, context, choices);
    for (const [i, s] of scores.entries()) expect(s.logprob).toBeCloseTo(referenceScores[i]?.logprob ?? NaN, 4);
    await native.unload(fast.id);
    await stock.unload(reference.id);
  }, 120_000);
});
