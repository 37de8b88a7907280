/**
 * How Evalbench writes a fraction as a percentage, in the app, the CLI and reports alike: one
 * decimal, no space before the sign (0.906 → "90.6%"), so the same figure reads the same wherever
 * a researcher copies it from.
 */
export function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}

/** An estimate with its interval: "90.6% (78.1%–100.0%)". */
export function percentInterval(interval: { estimate: number; lower: number; upper: number }): string {
  return `${percent(interval.estimate)} (${percent(interval.lower)}–${percent(interval.upper)})`;
}

/** A difference in percentage points with its sign: "+3.1", "−2.0" (a true minus), "0.0". */
export function signedPoints(fraction: number): string {
  const points = Math.abs(fraction * 100).toFixed(1);
  if (points === '0.0') return points;
  return `${fraction > 0 ? '+' : '−'}${points}`;
}
