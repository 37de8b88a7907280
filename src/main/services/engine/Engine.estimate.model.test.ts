import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadOptionsInput } from '../../../shared/engine';
import { ensureFixtures, type FixtureSet } from '../gguf/fixtureCache';
import { estimateMemory } from '../models/estimateMemory';
import { Engine } from './Engine';
import { WorkerError } from './WorkerHandle';
import { forkWorker, type WorkerLauncher } from './WorkerProcess';

const workerScript = process.env.EVALBENCH_TEST_WORKER ?? '';
const CONTEXT = 1024;
let fixtures: FixtureSet;
let engine: Engine;

beforeAll(async () => {
  expect(workerScript, 'vitest.globalSetup.ts builds the worker').not.toBe('');
  fixtures = await ensureFixtures({ bench: true });
  engine = new Engine({ workerScript, launch: forkWorker, checkModelFile: () => Promise.resolve([]) });
}, 300_000);
afterAll(async () => {
  await engine.dispose();
});

/** What a real load with a full context took: the worker's peak RSS (VmHWM) over its RSS before the model. */
async function measuredPeak(modelPath: string, options: LoadOptionsInput): Promise<number> {
  const model = await engine.load(modelPath, options);
  try {
    // A prompt that fills the context, so the KV cache and every compute buffer are written.
    const words = 'the river city market garden library harbour festival railway mountain'.split(' ');
    const text = (n: number): string => Array.from({ length: n }, (_, i) => words[(i * 7) % words.length]).join(' ');
    let count = CONTEXT;
    let tokens = (await engine.tokenize(model.id, text(count))).tokens.length;
    while (tokens > CONTEXT - 16) {
      count = Math.floor((count * (CONTEXT - 24)) / tokens);
      tokens = (await engine.tokenize(model.id, text(count))).tokens.length;
    }
    expect(tokens).toBeGreaterThan(CONTEXT / 2);
    const result = await engine.generate(model.id, { kind: 'completion', prompt: text(count) }, { maxTokens: 4 });
    const before = model.info.rssBeforeLoadBytes;
    if (before === undefined) throw new Error('the worker did not report its RSS before the load');
    return result.memory.peakRssBytes - before;
  } finally {
    await engine.unload(model.id);
  }
}

describe('Memory estimate (GgufInsights) against a real load', () => {
  // Q4_0 is repacked for the CPU on x86 with AVX2 (a second copy of its weights); F16 is not; flash
  // attention shrinks the compute buffers. Each estimate is within 25 % of the measured peak.
  const cases: { quant: 'q4_0' | 'f16' | 'f32'; flashAttention: boolean }[] = [
    { quant: 'q4_0', flashAttention: false },
    { quant: 'f16', flashAttention: false },
    { quant: 'f32', flashAttention: true },
  ];
  for (const { quant, flashAttention } of cases) {
    it(`${quant}, flash attention ${flashAttention ? 'on' : 'off'}, ${CONTEXT} tokens`, async () => {
      const options: LoadOptionsInput = { backend: 'cpu', gpuLayers: 0, contextSize: CONTEXT, threads: 1, flashAttention };
      const estimate = estimateMemory(await engine.estimate(fixtures.files[quant], options), CONTEXT);
      const measured = await measuredPeak(fixtures.files[quant], options);
      const ratio = estimate.totalBytes / measured;
      console.log(
        `${quant} fa=${String(flashAttention)}: estimate ${(estimate.totalBytes / 2 ** 20).toFixed(1)} MiB, measured ${(measured / 2 ** 20).toFixed(1)} MiB, ratio ${ratio.toFixed(2)}`,
      );
      expect(ratio).toBeGreaterThan(0.75);
      expect(ratio).toBeLessThan(1.25);
    }, 120_000);
  }

  it('sizes the KV cache by its type, and flash attention by what llama.cpp allocates', async () => {
    const base: LoadOptionsInput = { backend: 'cpu', gpuLayers: 0, contextSize: CONTEXT, flashAttention: true };
    const f16 = await engine.estimate(fixtures.files.q4_0, base);
    const q8 = await engine.estimate(fixtures.files.q4_0, { ...base, kvCacheType: 'q8_0' });
    // 8 layers × 1024 cells × 4 KV heads × 64 (keys and values): 2 bytes a value in f16, 34/32 in q8_0.
    expect(f16.kvCacheBytes).toBe(2 * 8 * 1024 * 4 * 64 * 2);
    expect(q8.kvCacheBytes).toBe((2 * 8 * 1024 * 4 * 64 * 34) / 32);
    const noFlash = await engine.estimate(fixtures.files.q4_0, { ...base, flashAttention: false });
    expect(noFlash.computeBytes).toBeGreaterThan(f16.computeBytes);
  }, 120_000);

  it('fails with the reason for a file that is not a model', async () => {
    await expect(engine.estimate(`${fixtures.files.q4_0}.missing`, { backend: 'cpu' })).rejects.toBeInstanceOf(WorkerError);
  }, 60_000);

  it('ends its sizing worker once no estimate asked for a while, and starts one again when asked', async () => {
    const exits: (number | null)[] = [];
    let started = 0;
    const launch: WorkerLauncher = (script) => {
      started += 1;
      const worker = forkWorker(script);
      worker.onExit((code) => exits.push(code));
      return worker;
    };
    const idle = new Engine({ workerScript, launch, checkModelFile: () => Promise.resolve([]), estimatorIdleMs: 300 });
    try {
      const options: LoadOptionsInput = { backend: 'cpu', contextSize: 256 };
      // Estimates close together share one worker, which stays while they keep coming.
      await idle.estimate(fixtures.files.q4_0, options);
      await idle.estimate(fixtures.files.q8_0, options);
      expect(started).toBe(1);
      await expect.poll(() => exits.length, { timeout: 15_000 }).toBe(1);
      const again = await idle.estimate(fixtures.files.q4_0, options);
      expect(again.kvCacheBytes).toBeGreaterThan(0);
      expect(started).toBe(2);
    } finally {
      await idle.dispose();
    }
  }, 120_000);
});
