import { describe, expect, it } from 'vitest';
import { bootstrapMeanCi, bootstrapPassRateCi, bootstrapStatistic } from './bootstrap';
import { comparePassRates, compareScores } from './comparePaired';
import { pairedPermutationTest } from './pairedPermutationTest';
import { resampleSums } from './resampleSums';
import { seededRandom } from './seededRandom';
import { withSharedResampling } from './withSharedResampling';
import { Xoshiro128 } from './xoshiro128';

/** The bootstrap of a mean as it was first written: one closure call per resample, `nextInt` per draw. */
function referenceMeanCi(values: readonly number[], options: { resamples?: number; seed?: number } = {}) {
  const data = Float64Array.from(values);
  return bootstrapStatistic(
    data.length,
    (indices) => {
      let sum = 0;
      for (const i of indices) sum += data[i] ?? 0;
      return sum / indices.length;
    },
    options,
  );
}

/** The Monte Carlo permutation p-value as it was first written, with `next() < 0.5` per sign. */
function referencePermutationP(diffs: readonly number[], permutations: number, seed: number): number {
  const observed = Math.abs(diffs.reduce((s, d) => s + d, 0));
  const tolerance = 1e-9 * diffs.reduce((s, d) => s + Math.abs(d), 0);
  const random = seededRandom(seed);
  let extreme = 0;
  for (let r = 0; r < permutations; r++) {
    let sum = 0;
    for (const d of diffs) sum += random.next() < 0.5 ? d : -d;
    if (Math.abs(sum) >= observed - tolerance) extreme++;
  }
  return (extreme + 1) / (permutations + 1);
}

const random = seededRandom(99);
const scores = (n: number): number[] => Array.from({ length: n }, () => Math.round(random.next() * 1000) / 1000);
const passes = (n: number, rate: number): boolean[] => Array.from({ length: n }, () => random.next() < rate);

describe('Xoshiro128', () => {
  it('draws exactly the indices and coin flips of seededRandom', () => {
    for (const n of [1, 7, 1000, 9973, 65537, 2 ** 30, 3_000_000_000]) {
      const fast = new Xoshiro128(5);
      const slow = seededRandom(5);
      const out = new Uint32Array(500);
      fast.fillIndices(out, n);
      expect([...out]).toEqual(Array.from({ length: 500 }, () => slow.nextInt(n)));
      const flips = new Int8Array(300);
      fast.fillSigns(flips);
      expect([...flips]).toEqual(Array.from({ length: 300 }, () => (slow.next() < 0.5 ? 1 : -1)));
      fast.fillIndices(out, 13);
      expect(out[0]).toBe(slow.nextInt(13));
    }
  });
});

describe('fast resampling', () => {
  it('gives bit-for-bit the intervals of one closure call per resample', () => {
    const real = scores(301);
    const binary = passes(301, 0.6).map((p) => (p ? 1 : 0));
    expect(bootstrapMeanCi(real, { resamples: 700, seed: 3 })).toEqual(referenceMeanCi(real, { resamples: 700, seed: 3 }));
    expect(bootstrapMeanCi(binary, { resamples: 700 })).toEqual(referenceMeanCi(binary, { resamples: 700 }));
  });

  it('sums pass/fail and real rows over the same draws', () => {
    const n = 57;
    const rows = [
      ...Array.from({ length: 40 }, (_, k) => Float64Array.from(passes(n, k / 40), (p) => (p ? 1 : 0))),
      Float64Array.from(scores(n)),
    ];
    const sums = resampleSums(n, rows, 11, 50);
    const stream = new Xoshiro128(11);
    const indices = new Uint32Array(n);
    for (let r = 0; r < 50; r++) {
      stream.fillIndices(indices, n);
      rows.forEach((row, k) => {
        let sum = 0;
        for (const i of indices) sum += row[i] ?? 0;
        expect(sums[k]?.[r]).toBe(sum);
      });
    }
  });

  it('keeps paired comparisons and the Monte Carlo permutation test exactly as before', () => {
    const candidate = scores(120);
    const baseline = scores(120);
    const compared = compareScores(candidate, baseline, { resamples: 500 });
    const diffs = candidate.map((c, i) => c - (baseline[i] ?? 0));
    const reference = referenceMeanCi(diffs, { resamples: 500 });
    expect([compared.lower, compared.upper, compared.difference]).toEqual([reference.lower, reference.upper, reference.estimate]);
    expect(compared.pValue).toBe(
      referencePermutationP(
        diffs.filter((d) => d !== 0),
        10_000,
        12345,
      ),
    );
    expect(pairedPermutationTest(candidate, baseline, { permutations: 333, seed: 8 }).pValue).toBe(
      referencePermutationP(
        diffs.filter((d) => d !== 0),
        333,
        8,
      ),
    );

    const a = passes(200, 0.7);
    const b = passes(200, 0.5);
    const rates = comparePassRates(a, b, { resamples: 400 });
    const passDiffs = a.map((x, i) => (x ? 1 : 0) - (b[i] ? 1 : 0));
    const passReference = referenceMeanCi(passDiffs, { resamples: 400 });
    expect([rates.lower, rates.upper, rates.difference]).toEqual([passReference.lower, passReference.upper, passReference.estimate]);
  });
});

describe('withSharedResampling', () => {
  it('returns exactly what the computation gives alone, whatever it asks for', () => {
    const a = passes(300, 0.8);
    const b = passes(300, 0.6);
    const s1 = scores(300);
    const s2 = scores(300);
    const compute = () => ({
      rates: [bootstrapPassRateCi(a), bootstrapPassRateCi(b), bootstrapPassRateCi(a.slice(1))],
      means: [bootstrapMeanCi(s1), bootstrapMeanCi(s2, { resamples: 999, seed: 4 })],
      pass: comparePassRates(a, b),
      score: compareScores(s1, s2),
      other: compareScores(s2.slice(5), s1.slice(5)),
      corpus: bootstrapStatistic(30, (idx) => idx.reduce((m, i) => Math.max(m, s1[i] ?? 0), 0), { resamples: 200 }),
    });
    const alone = compute();
    expect(withSharedResampling(compute)).toEqual(alone);
    // A computation that asks differently the second time still gets correct figures.
    let calls = 0;
    const unstable = () => bootstrapMeanCi(calls++ === 0 ? s1 : s2);
    expect(withSharedResampling(unstable)).toEqual(bootstrapMeanCi(s2));
  });
});
