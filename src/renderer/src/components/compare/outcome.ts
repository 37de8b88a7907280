import type { ReviewLabel } from '../../../../shared/api';
import type { CaseScore } from '../../../../shared/runs';
import type { ScoredResult } from './types';

/**
 * How one result came out: `error` when the harness could not run it, `scoring-error` when a
 * scorer could not run, `unscored` when the case has no scorers (only a person can judge it).
 */
export type Outcome = 'pass' | 'fail' | 'error' | 'scoring-error' | 'unscored';

/**
 * The overall verdict of a result's scores, as main's `overallScore` computes it for the run
 * summary: passed when every counted (weight > 0) scorer passed; score is the weighted mean.
 */
export function overallOf(scores: readonly CaseScore[]): { score: number | null; passed: boolean | null; errored: boolean } {
  const counted = scores.filter((s) => s.weight > 0);
  if (counted.some((s) => s.error !== null)) return { score: null, passed: null, errored: true };
  if (counted.length === 0) return { score: null, passed: null, errored: false };
  const weight = counted.reduce((a, s) => a + s.weight, 0);
  return { score: counted.reduce((a, s) => a + (s.score ?? 0) * s.weight, 0) / weight, passed: counted.every((s) => s.passed === true), errored: false };
}

/** The automatic outcome, from the scorers alone. */
export function automaticOutcome(result: Pick<ScoredResult, 'error' | 'scores'>): Outcome {
  if (result.error !== null) return 'error';
  const overall = overallOf(result.scores);
  if (overall.errored) return 'scoring-error';
  if (overall.passed === null) return 'unscored';
  return overall.passed ? 'pass' : 'fail';
}

/** The outcome the app counts: a person's pass or fail wins over the scorers; `unsure` changes nothing. */
export function effectiveOutcome(result: Pick<ScoredResult, 'error' | 'scores'>, label: Pick<ReviewLabel, 'verdict'> | undefined): Outcome {
  if (label?.verdict === 'pass' || label?.verdict === 'fail') return label.verdict;
  return automaticOutcome(result);
}

export function isFailure(outcome: Outcome): boolean {
  return outcome === 'fail' || outcome === 'error';
}
