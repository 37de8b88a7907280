import { quantileSorted } from './quantile';

/** A summary of repeated measurements (latencies, throughputs). */
export interface SampleSummary {
  n: number;
  mean: number;
  /** Sample standard deviation (n − 1 denominator); null for a single value, where it is undefined. */
  sd: number | null;
  min: number;
  max: number;
  median: number;
  /** First and third quartiles (linear interpolation); their difference is the interquartile range. */
  q1: number;
  q3: number;
  /** 95th percentile, linear interpolation at 0.95·(n − 1). */
  p95: number;
}

/**
 * Summarises measurements the way METRICS.md asks latencies to be reported: median and p95 over
 * cases, mean ± sample standard deviation over repetitions. Returns null for no values.
 */
export function summarizeSamples(values: readonly number[]): SampleSummary | null {
  if (values.length === 0) return null;
  if (values.some((v) => !Number.isFinite(v)))
    throw new RangeError('summarizeSamples() needs finite numbers; drop failed measurements first.');
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const mean = sorted.reduce((s, v) => s + v, 0) / n;
  const sd = n > 1 ? Math.sqrt(sorted.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1)) : null;
  return {
    n,
    mean,
    sd,
    min: sorted[0] ?? 0,
    max: sorted[n - 1] ?? 0,
    median: quantileSorted(sorted, 0.5),
    q1: quantileSorted(sorted, 0.25),
    q3: quantileSorted(sorted, 0.75),
    p95: quantileSorted(sorted, 0.95),
  };
}
