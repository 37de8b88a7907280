import { Xoshiro128 } from './xoshiro128';

/**
 * Sums of each row over the same bootstrap resamples: resample r draws n case indices from
 * `seed`'s stream exactly as `bootstrapStatistic` does, and row k's sum over them, added in draw
 * order as a per-row bootstrap adds them (so bit for bit the same), lands in `result[k][r]`.
 * One stream serves every row: ten rows cost one set of draws.
 */
export function resampleSums(n: number, rows: readonly Float64Array[], seed: number, resamples: number): Float64Array[] {
  for (const row of rows) if (row.length !== n) throw new RangeError(`Every row must have ${n} values, got ${row.length}.`);
  const sums = rows.map(() => new Float64Array(resamples));
  const random = new Xoshiro128(seed);
  const indices = new Uint32Array(n);
  for (let r = 0; r < resamples; r++) {
    random.fillIndices(indices, n);
    for (let k = 0; k < rows.length; k++) {
      const row = rows[k] ?? new Float64Array(n);
      let sum = 0;
      for (let i = 0; i < n; i++) sum += row[indices[i] ?? 0] ?? 0;
      (sums[k] ?? new Float64Array(resamples))[r] = sum;
    }
  }
  return sums;
}
