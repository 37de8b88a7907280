import type { SampleSummary } from './summarizeSamples';

/** A median whose interquartile range exceeds this share of it is too spread out to compare with another. */
export const WIDE_SPREAD = 0.5;

/** The interquartile range of some timings, relative to their median, and whether that is too wide to compare. */
export function medianSpread(s: Pick<SampleSummary, 'median' | 'q1' | 'q3' | 'n'>): {
  iqr: number;
  relative: number | null;
  wide: boolean;
} {
  const iqr = s.q3 - s.q1;
  const relative = s.median === 0 ? null : iqr / Math.abs(s.median);
  return { iqr, relative, wide: relative !== null && relative > WIDE_SPREAD };
}

/**
 * "12.3 (IQR 2.1, n=24)": a median with its spread and the number of timed generations, and
 * " (spread too wide to compare)" when the IQR is over half the median.
 */
export function formatMedianSpread(s: Pick<SampleSummary, 'median' | 'q1' | 'q3' | 'n'>, digits = 1, unit = ''): string {
  const { iqr, wide } = medianSpread(s);
  return `${s.median.toFixed(digits)}${unit} (IQR ${iqr.toFixed(digits)}, n=${s.n})${wide ? ' (spread too wide to compare)' : ''}`;
}

/** The line that says a run's timings were taken while other processes used the CPU. */
export function busyMachineNote(
  load: { busy: boolean; atStart: number | null; mean: number | null; cores: number } | undefined,
): string | null {
  if (load?.busy !== true) return null;
  const figure = Math.max(load.atStart ?? 0, load.mean ?? 0);
  return `Timing figures measured on a busy machine: other processes used ${figure.toFixed(1)} of ${load.cores} cores; latency and tokens/s here measure the machine as much as the model.`;
}
