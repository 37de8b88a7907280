import type { ReviewLabel } from '../../../../shared/api';
import { overallScore } from '../../../../shared/scoring/overallScore';
import type { ScoredResult } from '../../stores/compareTypes';

/**
 * How one result came out: `error` when the harness could not run it, `scoring-error` when a
 * scorer could not run, `unscored` when the case has no scorers (only a person can judge it).
 */
export type Outcome = 'pass' | 'fail' | 'error' | 'scoring-error' | 'unscored';

/** The overall verdict of a result's scores: the same rule as main's run summary. */
export const overallOf = overallScore;

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
