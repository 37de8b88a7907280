import { quantileSorted } from '../stats';

/** The five numbers a box plot draws, plus how many values went in. */
export interface BoxStats {
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
  n: number;
}

/** Quartiles by linear interpolation (as METRICS.md defines percentiles); null without values. */
export function boxStats(values: readonly number[]): BoxStats | null {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  return {
    min: sorted[0] ?? 0,
    q1: quantileSorted(sorted, 0.25),
    median: quantileSorted(sorted, 0.5),
    q3: quantileSorted(sorted, 0.75),
    max: sorted[sorted.length - 1] ?? 0,
    n: sorted.length,
  };
}
