import { bootstrapMeanOfRows, type BootstrapInterval, type BootstrapOptions } from './bootstrap';
import { mcnemarTest } from './mcnemarTest';
import { pairedPermutationTest } from './pairedPermutationTest';

/** A paired comparison of a candidate (e.g. Q4_K_M) with a baseline (e.g. Q8_0) on the same cases. */
export interface PairedComparison {
  /** Cases compared. */
  n: number;
  candidateMean: number;
  baselineMean: number;
  /** candidateMean − baselineMean: negative when the candidate scores lower. */
  difference: number;
  /** Paired percentile-bootstrap interval for `difference`. */
  lower: number;
  upper: number;
  confidence: number;
  /** Two-sided p-value for "no difference". */
  pValue: number;
  /** Which test gave the p-value, in words, for reports. */
  test: string;
  /** Bootstrap resamples behind the interval, and the seed used throughout. */
  resamples: number;
  seed: number;
}

function checkPaired(candidate: readonly unknown[], baseline: readonly unknown[]): void {
  if (candidate.length !== baseline.length) {
    throw new RangeError(
      `A paired comparison needs results for the same cases: got ${candidate.length} candidate and ${baseline.length} baseline results.`,
    );
  }
  if (candidate.length === 0) throw new RangeError('A paired comparison needs at least one case.');
}

function pairedBootstrap(candidate: readonly number[], baseline: readonly number[], options: BootstrapOptions): BootstrapInterval {
  // Resampling cases, not scores: each draw keeps a case's two results together.
  return bootstrapMeanOfRows([Float64Array.from(candidate, (c, i) => c - (baseline[i] ?? 0))], 'sum', options);
}

const mean = (values: readonly number[]): number => values.reduce((s, v) => s + v, 0) / values.length;

/**
 * Compares continuous per-case scores (ROUGE-L, token F1, chrF…): the mean difference with a
 * paired bootstrap interval, and a paired permutation test for the p-value.
 */
export function compareScores(candidate: readonly number[], baseline: readonly number[], options: BootstrapOptions = {}): PairedComparison {
  checkPaired(candidate, baseline);
  const interval = pairedBootstrap(candidate, baseline, options);
  const permutation = pairedPermutationTest(candidate, baseline, { seed: interval.seed });
  return {
    n: candidate.length,
    candidateMean: mean(candidate),
    baselineMean: mean(baseline),
    difference: interval.estimate,
    lower: interval.lower,
    upper: interval.upper,
    confidence: interval.confidence,
    pValue: permutation.pValue,
    test: permutation.exact
      ? 'exact paired permutation test'
      : `paired permutation test (${permutation.permutations} random sign patterns)`,
    resamples: interval.resamples,
    seed: interval.seed,
  };
}

/**
 * Compares pass/fail outcomes on the same cases: the difference in pass rate (0–1) with a paired
 * bootstrap interval, and McNemar's exact test for the p-value.
 */
export function comparePassRates(
  candidate: readonly boolean[],
  baseline: readonly boolean[],
  options: BootstrapOptions = {},
): PairedComparison {
  checkPaired(candidate, baseline);
  const a = candidate.map((p) => (p ? 1 : 0));
  const b = baseline.map((p) => (p ? 1 : 0));
  // Two pass/fail rows rather than their difference: runs resample each model's row once (see withSharedResampling).
  const interval = bootstrapMeanOfRows([Float64Array.from(a), Float64Array.from(b)], 'difference', options);
  const mcnemar = mcnemarTest(candidate, baseline);
  return {
    n: candidate.length,
    candidateMean: mean(a),
    baselineMean: mean(b),
    difference: interval.estimate,
    lower: interval.lower,
    upper: interval.upper,
    confidence: interval.confidence,
    pValue: mcnemar.pValue,
    test: `McNemar's exact test (${mcnemar.candidateOnly} cases only the candidate passed, ${mcnemar.baselineOnly} only the baseline)`,
    resamples: interval.resamples,
    seed: interval.seed,
  };
}
