import { describe, expect, it } from 'vitest';
import { bootstrapMeanCi, bootstrapPassRateCi, bootstrapStatistic } from './bootstrap';
import { seededRandom } from './seededRandom';

function sample(n: number, seed: number): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => random.next() * 10);
}

describe('bootstrap confidence intervals', () => {
  it('is deterministic for a seed and reports what it did', () => {
    const values = sample(50, 1);
    const a = bootstrapMeanCi(values, { resamples: 2000, seed: 7 });
    expect(bootstrapMeanCi(values, { resamples: 2000, seed: 7 })).toEqual(a);
    expect(bootstrapMeanCi(values, { resamples: 2000, seed: 8 })).not.toEqual(a);
    expect(a).toMatchObject({ resamples: 2000, seed: 7, confidence: 0.95, n: 50, method: 'percentile' });
    expect(bootstrapMeanCi(values).resamples).toBe(10_000);
    expect(bootstrapMeanCi(values).seed).toBe(12345);
  });

  it('contains the sample mean and narrows as n grows', () => {
    const small = sample(20, 2);
    const large = sample(2000, 2);
    const mean = (v: number[]): number => v.reduce((s, x) => s + x, 0) / v.length;
    const a = bootstrapMeanCi(small, { resamples: 2000 });
    const b = bootstrapMeanCi(large, { resamples: 1000 });
    expect(a.estimate).toBeCloseTo(mean(small), 12);
    expect(a.lower).toBeLessThan(a.estimate);
    expect(a.upper).toBeGreaterThan(a.estimate);
    expect(b.lower).toBeLessThan(b.estimate);
    expect(b.upper).toBeGreaterThan(b.estimate);
    // Width scales with 1/√n: 100 times the cases, about a tenth of the width.
    const ratio = (b.upper - b.lower) / (a.upper - a.lower);
    expect(ratio).toBeGreaterThan(0.05);
    expect(ratio).toBeLessThan(0.2);
  });

  it('roughly matches the normal approximation for a mean', () => {
    // Uniform(0, 10) has sd 10/√12 ≈ 2.887; for n = 400 the 95% half-width is about 1.96·2.887/20 ≈ 0.283.
    const ci = bootstrapMeanCi(sample(400, 4), { resamples: 2000 });
    expect((ci.upper - ci.lower) / 2).toBeGreaterThan(0.25);
    expect((ci.upper - ci.lower) / 2).toBeLessThan(0.32);
  });

  it('handles pass rates, including the all-pass edge', () => {
    const ci = bootstrapPassRateCi([true, true, false, true, false, true, true, true, false, true], { resamples: 2000 });
    expect(ci.estimate).toBe(0.7);
    expect(ci.lower).toBeGreaterThanOrEqual(0);
    expect(ci.upper).toBeLessThanOrEqual(1);
    expect(bootstrapPassRateCi([true, true, true])).toMatchObject({ estimate: 1, lower: 1, upper: 1 });
  });

  it('bootstraps any statistic of the cases (e.g. a corpus metric)', () => {
    const values = [1, 2, 3, 4, 100];
    const median = bootstrapStatistic(values.length, (idx) => [...idx].map((i) => values[i] ?? 0).sort((x, y) => x - y)[2] ?? 0, {
      resamples: 500,
    });
    expect(median.estimate).toBe(3);
    expect(median.upper).toBeLessThanOrEqual(100);
  });

  it('rejects settings that cannot produce an interval', () => {
    expect(() => bootstrapMeanCi([])).toThrow(/at least one case/);
    expect(() => bootstrapMeanCi([1], { resamples: 0 })).toThrow(/positive integer/);
    expect(() => bootstrapMeanCi([1], { confidence: 1 })).toThrow(/between 0 and 1/);
  });
});
