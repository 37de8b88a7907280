import { expect, it } from 'vitest';
import { normalQuantile } from './normalQuantile';
import { wilsonInterval } from './wilsonInterval';

it('inverts the normal CDF to double precision (AS 241)', () => {
  // Reference values: Python statistics.NormalDist().inv_cdf, which implements the same algorithm.
  expect(normalQuantile(0.975)).toBe(1.9599639845400536);
  expect(normalQuantile(0.9)).toBe(1.2815515655446008);
  expect(normalQuantile(1e-10)).toBe(-6.361340902404056);
  expect(normalQuantile(0.5)).toBe(0);
  expect(() => normalQuantile(1)).toThrow(/0 < p < 1/);
});

it('matches the Wilson score formula computed by hand', () => {
  // 8 of 10 at 95%: z² = 3.8415, centre (0.8 + 0.19207)/1.38415 = 0.71675,
  // half-width (1.96/1.38415)·√(0.016 + 0.0096) = 0.22658 → 0.49016–0.94332.
  const r = wilsonInterval(8, 10);
  expect(r.estimate).toBe(0.8);
  expect(r.lower).toBeCloseTo(0.49016247153664183, 12);
  expect(r.upper).toBeCloseTo(0.9433178485456247, 12);
  expect(wilsonInterval(50, 100).lower).toBeCloseTo(0.4038315303659957, 12);
  expect(wilsonInterval(8, 10, 0.9).lower).toBeCloseTo(0.5407928056874881, 12);
});

it('stays inside [0, 1] at the extremes, where the plain interval fails', () => {
  expect(wilsonInterval(0, 10)).toMatchObject({ lower: 0 });
  expect(wilsonInterval(0, 10).upper).toBeCloseTo(0.27753279986288915, 12);
  expect(wilsonInterval(10, 10)).toMatchObject({ upper: 1 });
  expect(wilsonInterval(10, 10).lower).toBeCloseTo(0.7224672001371109, 12);
  expect(wilsonInterval(0, 0)).toEqual({ estimate: 0, lower: 0, upper: 1, confidence: 0.95 });
  expect(() => wilsonInterval(11, 10)).toThrow(/0 ≤ successes ≤ n/);
});
