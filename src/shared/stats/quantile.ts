/**
 * The f-quantile of already sorted values by linear interpolation at position f·(n−1) — numpy's
 * default and the definition in METRICS.md (so p95 of [1…20] is 19.05, the median of [1, 2, 3, 4]
 * is 2.5).
 */
export function quantileSorted(sorted: readonly number[], f: number): number {
  if (sorted.length === 0) throw new RangeError('A quantile of no values is undefined.');
  if (!(f >= 0 && f <= 1)) throw new RangeError(`A quantile fraction must lie in [0, 1], got ${f}.`);
  const position = f * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.min(lower + 1, sorted.length - 1);
  const a = sorted[lower] ?? 0;
  const b = sorted[upper] ?? 0;
  return a + (b - a) * (position - lower);
}

/** {@link quantileSorted} on values in any order. */
export function quantile(values: readonly number[], f: number): number {
  return quantileSorted(
    [...values].sort((x, y) => x - y),
    f,
  );
}
