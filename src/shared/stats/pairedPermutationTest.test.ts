import { expect, it } from 'vitest';
import { pairedPermutationTest } from './pairedPermutationTest';

it('enumerates sign patterns exactly for few cases (hand-counted)', () => {
  // Differences 1, 2, 3: only +++ and −−− reach |sum| 6, so p = 2/8.
  expect(pairedPermutationTest([2, 3, 4], [1, 1, 1])).toEqual({ pValue: 0.25, exact: true, permutations: 8, seed: 12345 });
  // Differences 3, −1, 1: the sums are ±5, ±3, ±3, ±1, so 6 of 8 reach |3|.
  expect(pairedPermutationTest([3, 0, 1], [0, 1, 0]).pValue).toBe(0.75);
  // Ten equal improvements: 2 of 1024 patterns are as extreme.
  expect(pairedPermutationTest(new Array<number>(10).fill(1), new Array<number>(10).fill(0)).pValue).toBe(2 / 1024);
});

it('ignores ties and gives p = 1 when nothing differs', () => {
  expect(pairedPermutationTest([0.5, 0.7], [0.5, 0.7]).pValue).toBe(1);
  expect(pairedPermutationTest([1, 0.5], [0, 0.5]).permutations).toBe(2);
});

it('counts sums equal to the observed one despite floating-point rounding', () => {
  // Only +++ and −−− reach |0.6|; the Gray-code walk reaches −−− as 0.6 − 2·0.1 − 2·0.2 − 2·0.3 in
  // floating point, which lands a hair short of −0.6000000000000001, yet it must count.
  expect(pairedPermutationTest([0.1, 0.2, 0.3], [0, 0, 0]).pValue).toBe(0.25);
});

it('falls back to a seeded Monte Carlo estimate that is never 0', () => {
  const candidate = new Array<number>(10).fill(1);
  const baseline = new Array<number>(10).fill(0);
  const r = pairedPermutationTest(candidate, baseline, { exactLimit: 5, permutations: 5000, seed: 3 });
  expect(r.exact).toBe(false);
  expect(r.pValue).toBeGreaterThanOrEqual(1 / 5001);
  expect(r.pValue).toBeLessThan(0.01); // the exact value is 0.00195
  expect(pairedPermutationTest(candidate, baseline, { exactLimit: 5, permutations: 5000, seed: 3 })).toEqual(r);
  expect(() => pairedPermutationTest([1], [1, 2])).toThrow(/one baseline score per candidate score/);
});
