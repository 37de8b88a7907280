import type { CaseScore } from '../runs';

/**
 * A result's overall verdict from its scorers: passed when every counted (weight > 0) scorer
 * passed, score the weighted mean; an error when a counted scorer could not run. One rule for
 * the run summary in main and the Compare and Review pages.
 */
export function overallScore(scores: readonly CaseScore[]): { score: number | null; passed: boolean | null; errored: boolean } {
  const counted = scores.filter((s) => s.weight > 0);
  if (counted.some((s) => s.error !== null)) return { score: null, passed: null, errored: true };
  if (counted.length === 0) return { score: null, passed: null, errored: false };
  const weight = counted.reduce((a, s) => a + s.weight, 0);
  return {
    score: counted.reduce((a, s) => a + (s.score ?? 0) * s.weight, 0) / weight,
    passed: counted.every((s) => s.passed === true),
    errored: false,
  };
}
