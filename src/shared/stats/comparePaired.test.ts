import { describe, expect, it } from 'vitest';
import { comparePassRates, compareScores } from './comparePaired';
import { mcnemarExact } from './mcnemarTest';
import { seededRandom } from './seededRandom';

describe('compareScores', () => {
  it('finds a consistent drop significant, with an interval around it', () => {
    const random = seededRandom(21);
    const baseline = Array.from({ length: 60 }, () => 0.5 + 0.4 * random.next());
    const candidate = baseline.map((b) => b - 0.05 + 0.02 * (random.next() - 0.5));
    const r = compareScores(candidate, baseline, { resamples: 2000 });
    expect(r.difference).toBeCloseTo(r.candidateMean - r.baselineMean, 12);
    expect(r.difference).toBeCloseTo(-0.05, 2);
    expect(r.lower).toBeLessThan(r.difference);
    expect(r.upper).toBeGreaterThan(r.difference);
    expect(r.upper).toBeLessThan(0);
    expect(r.pValue).toBeLessThan(0.001);
    expect(r.test).toMatch(/paired permutation test/);
    expect(r).toMatchObject({ n: 60, resamples: 2000, seed: 12345 });
  });

  it('finds no difference between identical runs', () => {
    expect(compareScores([0.2, 0.9, 0.4], [0.2, 0.9, 0.4], { resamples: 200 })).toMatchObject({
      difference: 0,
      lower: 0,
      upper: 0,
      pValue: 1,
    });
  });

  it('refuses unpaired data', () => {
    expect(() => compareScores([1, 2], [1])).toThrow(/same cases/);
    expect(() => compareScores([], [])).toThrow(/at least one case/);
  });
});

describe('comparePassRates', () => {
  it('uses McNemar for the p-value and reports the pass-rate difference', () => {
    // 20 cases: both pass 10, only the baseline passes 6, only the candidate 1, both fail 3.
    const baseline = [...new Array<boolean>(16).fill(true), false, false, false, false];
    const candidate = [...new Array<boolean>(10).fill(true), ...new Array<boolean>(6).fill(false), true, false, false, false];
    const r = comparePassRates(candidate, baseline, { resamples: 2000 });
    expect(r.candidateMean).toBe(11 / 20);
    expect(r.baselineMean).toBe(16 / 20);
    expect(r.difference).toBeCloseTo(-0.25, 12);
    expect(r.pValue).toBe(mcnemarExact(1, 6).pValue); // 2 · (1 + 7)/128 = 0.125
    expect(r.pValue).toBeCloseTo(0.125, 15);
    expect(r.test).toBe("McNemar's exact test (1 cases only the candidate passed, 6 only the baseline)");
  });
});
