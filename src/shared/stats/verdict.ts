import type { PairedComparison } from './comparePaired';

/** How to phrase a comparison. */
export interface VerdictOptions {
  /** Display name of the candidate, e.g. "Q4_K_M". */
  candidate: string;
  /** Display name of the baseline, e.g. "Q8_0". */
  baseline: string;
  /** Significance level; 0.05 by default. */
  alpha?: number;
  /** Multiply differences by this before display: 100 turns a pass-rate difference into percentage points. Default 1. */
  scale?: number;
  /** Unit after the number, e.g. "points" (the default) or "percentage points". */
  unit?: string;
  /** Decimals for differences; 1 by default. */
  digits?: number;
  /** False for metrics where lower is better (latency, perplexity). Default true. */
  higherIsBetter?: boolean;
}

/**
 * Formats a p-value: "< 0.001", three decimals below 0.1, two above — with extra decimals where
 * rounding would otherwise carry it across `alpha` (0.0496 shows as 0.0496, not 0.050).
 */
export function formatPValue(p: number, alpha = 0.05): string {
  if (p < 0.001) return '< 0.001';
  if (p >= 0.995) return '1';
  let digits = p < 0.1 ? 3 : 2;
  while (digits < 6 && p < alpha !== Number(p.toFixed(digits)) < alpha) digits++;
  return p.toFixed(digits);
}

const dash = (lo: string, hi: string): string => (lo.startsWith('−') || hi.startsWith('−') ? `${lo} to ${hi}` : `${lo}–${hi}`);

/**
 * A plain-language verdict on a {@link PairedComparison}, e.g. "Q4_K_M is worse than Q8_0 by 3.1
 * points (95% CI 1.2–5.0, p = 0.002)" or "No significant difference between Q4_K_M and Q8_0
 * (−0.4 points, 95% CI −1.5 to 0.7, p = 0.41)". Significance is decided by the p-value.
 */
export function verdict(
  comparison: Pick<PairedComparison, 'difference' | 'lower' | 'upper' | 'confidence' | 'pValue'>,
  options: VerdictOptions,
): string {
  const { candidate, baseline } = options;
  const alpha = options.alpha ?? 0.05;
  const scale = options.scale ?? 1;
  const unit = options.unit ?? 'points';
  const digits = options.digits ?? 1;
  const fmt = (x: number): string => {
    const text = Math.abs(x).toFixed(digits);
    return x < 0 && Number(text) !== 0 ? `−${text}` : text;
  };
  const level = `${Math.round(comparison.confidence * 1000) / 10}% CI`;
  const p = formatPValue(comparison.pValue, alpha);
  const pText = p.startsWith('<') ? `p ${p}` : `p = ${p}`;
  const diff = comparison.difference * scale;

  if (!(comparison.pValue < alpha) || diff === 0) {
    const ci = dash(fmt(comparison.lower * scale), fmt(comparison.upper * scale));
    return `No significant difference between ${candidate} and ${baseline} (${fmt(diff)} ${unit}, ${level} ${ci}, ${pText})`;
  }
  const better = diff > 0 === (options.higherIsBetter ?? true);
  // Express the interval as the size of the gap, so "worse by 3.1 (1.2–5.0)" reads in one direction.
  const sign = diff > 0 ? 1 : -1;
  const [lo, hi] = [comparison.lower * scale * sign, comparison.upper * scale * sign].sort((x, y) => x - y);
  return `${candidate} is ${better ? 'better' : 'worse'} than ${baseline} by ${fmt(Math.abs(diff))} ${unit} (${level} ${dash(fmt(lo ?? 0), fmt(hi ?? 0))}, ${pText})`;
}
