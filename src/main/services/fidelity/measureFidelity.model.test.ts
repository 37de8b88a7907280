import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../engine/Engine';
import { forkWorker } from '../engine/WorkerProcess';
import { ensureFixtures, type FixtureSet } from '../gguf/fixtureCache';
import { TextTooShortError } from './fidelityChunks';
import { measureFidelity } from './measureFidelity';

const engine = new Engine({ workerScript: process.env.EVALBENCH_TEST_WORKER ?? '', launch: forkWorker });
let fixtures: FixtureSet;
beforeAll(async () => {
  fixtures = await ensureFixtures();
}, 60_000);
afterAll(() => engine.dispose());

const TEXT = Array.from(
  { length: 12 },
  (_, i) =>
    `The river town had ${i + 2} bridges, and every morning the people of the market crossed them to sell bread, fish and apples before the bells rang.`,
).join(' ');

describe('quantisation fidelity', () => {
  it('ranks the fixture quantizations by how far they move from the f32 base, and finds the base identical to itself', async () => {
    const result = await measureFidelity(engine, {
      base: fixtures.files.f32,
      candidates: [fixtures.files.f32, fixtures.files.f16, fixtures.files.q8_0, fixtures.files.q4_0],
      text: TEXT,
      contextSize: 64,
      maxChunks: 4,
      load: { backend: 'cpu', threads: 1 },
    });
    expect(result.chunks).toBeGreaterThanOrEqual(2);
    const [self, f16, q8, q4] = result.candidates.map((c) => c.report);
    // 31 scored positions per 64-token chunk (32 … 62).
    expect(self?.positions).toBe(result.chunks * 31);
    expect(self?.meanKld.value).toBeLessThan(1e-6);
    expect(self?.sameTop.value).toBe(1);
    expect(self?.logPerplexityRatio.value).toBeCloseTo(0, 5);
    expect(f16?.meanKld.value).toBeLessThan(q8?.meanKld.value ?? 0);
    expect(q8?.meanKld.value).toBeLessThan(q4?.meanKld.value ?? 0);
    expect(q4?.sameTop.value).toBeLessThanOrEqual(f16?.sameTop.value ?? 0);
    expect(f16?.basePerplexity.value).toBeGreaterThan(1);
    // The candidate's base NLL comes from the stored file and equals the base run's.
    expect(f16?.basePerplexity.value).toBeCloseTo(self?.basePerplexity.value ?? 0, 3);
  }, 120_000);

  it('by default fits the chunk to the model’s trained context and to the text', async () => {
    const load = { backend: 'cpu', threads: 1 } as const;
    // The fixtures are trained on 256 tokens: 512 would exceed it.
    const long = await measureFidelity(engine, {
      base: fixtures.files.q8_0,
      candidates: [fixtures.files.q4_0],
      text: TEXT,
      maxChunks: 1,
      load,
    });
    expect(long.contextSize).toBe(256);
    // A short text gives one chunk as long as it is (BOS included), rounded down to even.
    const short = TEXT.slice(0, 300);
    const shortResult = await measureFidelity(engine, { base: fixtures.files.q8_0, candidates: [fixtures.files.q4_0], text: short, load });
    const base = await engine.load(fixtures.files.q8_0, { ...load, contextSize: 256 });
    const { tokens, bos } = await engine.tokenize(base.id, short);
    await engine.unload(base.id);
    expect(bos).not.toBeNull();
    const stream = tokens.length + 1;
    expect(shortResult.chunks).toBe(1);
    expect(shortResult.contextSize).toBe(stream - (stream % 2));
    expect(shortResult.candidates[0]?.report.positions).toBe(shortResult.contextSize / 2 - 1);
  }, 120_000);

  it('says when the text is too short for one chunk, without naming a CLI flag', async () => {
    const tooShort = measureFidelity(engine, {
      base: fixtures.files.q8_0,
      candidates: [fixtures.files.q4_0],
      text: 'Too short.',
      contextSize: 512,
      load: { backend: 'cpu', threads: 1 },
    });
    await expect(tooShort).rejects.toThrow(TextTooShortError);
    await expect(tooShort).rejects.toThrow(/^The text has \d+ tokens, fewer than one chunk of 512\.$/);
    await expect(
      measureFidelity(engine, {
        base: fixtures.files.q8_0,
        candidates: [fixtures.files.q4_0],
        text: 'Too short.',
        load: { backend: 'cpu', threads: 1 },
      }),
    ).rejects.toThrow(/fewer than one chunk of 16\./);
  });
});
