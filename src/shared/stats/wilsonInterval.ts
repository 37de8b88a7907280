import { normalQuantile } from './normalQuantile';

/** A confidence interval for a proportion. */
export interface ProportionInterval {
  /** successes / n (0 when n is 0). */
  estimate: number;
  lower: number;
  upper: number;
  confidence: number;
}

/**
 * Wilson score interval for a pass rate: closed form, instant, and sound near 0 % and 100 %
 * where the plain p ± z·SE interval breaks down. With no trials it is the whole range [0, 1].
 */
export function wilsonInterval(successes: number, n: number, confidence = 0.95): ProportionInterval {
  if (!Number.isInteger(n) || n < 0 || !Number.isInteger(successes) || successes < 0 || successes > n) {
    throw new RangeError(`wilsonInterval needs whole numbers with 0 ≤ successes ≤ n, got ${successes} of ${n}.`);
  }
  if (n === 0) return { estimate: 0, lower: 0, upper: 1, confidence };
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const p = successes / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n));
  // Clamp the rounding noise at the ends: 0 of n must give a lower bound of exactly 0.
  return {
    estimate: p,
    lower: successes === 0 ? 0 : Math.max(0, centre - half),
    upper: successes === n ? 1 : Math.min(1, centre + half),
    confidence,
  };
}
