import { expect, it } from 'vitest';
import { binomialHalfCdf, mcnemarExact, mcnemarTest } from './mcnemarTest';

it('equals twice the binomial tail, computed by hand for small counts', () => {
  // b + c = 5, min 0: 2 · (1/32) = 0.0625.
  expect(mcnemarExact(0, 5).pValue).toBe(0.0625);
  // b + c = 10, min 1: 2 · (1 + 10)/1024 = 22/1024.
  expect(mcnemarExact(1, 9).pValue).toBeCloseTo(22 / 1024, 15);
  // min 2: 2 · (1 + 10 + 45)/1024 = 112/1024.
  expect(mcnemarExact(8, 2).pValue).toBeCloseTo(112 / 1024, 15);
  // A tie, or no discordant pairs at all, is p = 1.
  expect(mcnemarExact(3, 3).pValue).toBe(1);
  expect(mcnemarExact(0, 0).pValue).toBe(1);
  expect(mcnemarExact(0, 1).pValue).toBe(1);
});

it('stays exact for large counts (references: exact integer sums in Python)', () => {
  // 2 · Σ_{k≤40} C(100, k) / 2^100 and 2 · Σ_{k≤4900} C(10000, k) / 2^10000.
  expect(mcnemarExact(40, 60).pValue).toBeCloseTo(0.05688793364098079, 13);
  expect(mcnemarExact(4900, 5100).pValue).toBeCloseTo(0.04658552770494739, 12);
  expect(binomialHalfCdf(2, 4)).toBeCloseTo(11 / 16, 15);
});

it('counts discordant pairs from paired pass/fail lists', () => {
  const candidate = [true, false, false, true, false, false, true];
  const baseline = [true, true, true, false, true, true, true];
  expect(mcnemarTest(candidate, baseline)).toEqual({ candidateOnly: 1, baselineOnly: 4, concordant: 2, pValue: mcnemarExact(1, 4).pValue });
  // 1 vs 4: 2 · (1 + 5)/32 = 0.375.
  expect(mcnemarTest(candidate, baseline).pValue).toBeCloseTo(0.375, 15);
  expect(() => mcnemarTest([true], [])).toThrow(/pairs cases/);
});
