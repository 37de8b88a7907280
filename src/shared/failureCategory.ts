import type { CaseResult, CaseScore } from './runs';

/** Why a case failed, told apart so the failures of a quantization can be counted by kind. */
export const FAILURE_CATEGORIES = [
  'runtime-error',
  'empty-output',
  'max-tokens',
  'broken-format',
  'too-long',
  'too-short',
  'wrong-answer',
] as const;
export type FailureCategory = (typeof FAILURE_CATEGORIES)[number];

export const FAILURE_CATEGORY_LABELS: Record<FailureCategory, string> = {
  'runtime-error': 'Runtime error',
  'empty-output': 'Empty output',
  'broken-format': 'Broken format',
  'max-tokens': 'Stopped at token limit',
  'too-long': 'Far longer than expected',
  'too-short': 'Far shorter than expected',
  'wrong-answer': 'Wrong answer',
};

/** Scorers that check the shape of an answer rather than its content. */
const FORMAT_SCORERS = new Set(['json-valid', 'json-schema']);

/** An output this many times longer (and this many characters more) than the longest accepted answer is far too long. */
const LONG_RATIO = 4;
const LONG_MARGIN = 40;
/** An output at most a quarter of the shortest accepted answer (and 20 characters shorter) is far too short. */
const SHORT_RATIO = 0.25;
const SHORT_MARGIN = 20;

function failedScorer(s: CaseScore): boolean {
  return s.weight > 0 && s.error === null && s.passed === false;
}

/** A choice scorer that found no letter at all is a format failure; one that read the wrong letter is a wrong answer. */
function choiceFoundNoLetter(s: CaseScore): boolean {
  const details = s.details;
  return details === null || !('extracted' in details) || details.extracted === null;
}

export interface CategoryOptions {
  /**
   * Categorise as a failure even though the scorers passed it (a person marked it failed).
   * Without it, only results the harness or the scorers failed get categories.
   */
  failed?: boolean;
}

/**
 * Every category that describes why a result failed, in the order of {@link FAILURE_CATEGORIES}
 * (the first is its main one); empty for a result that did not fail.
 */
export function failureCategories(
  result: Pick<CaseResult, 'error' | 'output' | 'stopReason'> & {
    scores: readonly CaseScore[];
    loglikelihood?: CaseResult['loglikelihood'];
  },
  expected: readonly string[],
  options: CategoryOptions = {},
): FailureCategory[] {
  if (result.error !== null) return ['runtime-error'];
  const failedScorers = result.scores.filter(failedScorer);
  if (failedScorers.length === 0 && options.failed !== true) return [];
  const found = new Set<FailureCategory>();
  const output = (result.output ?? '').trim();
  if (result.stopReason === 'max_tokens') found.add('max-tokens');
  if (output.length === 0) {
    found.add('empty-output');
  } else {
    // A log-likelihood case's "output" is the choice it picked, not generated text: its length says nothing.
    const lengths = result.loglikelihood == null ? expected.map((e) => e.trim().length).filter((n) => n > 0) : [];
    if (lengths.length > 0) {
      const longest = Math.max(...lengths);
      const shortest = Math.min(...lengths);
      if (output.length >= longest * LONG_RATIO && output.length - longest >= LONG_MARGIN) found.add('too-long');
      if (output.length <= shortest * SHORT_RATIO && shortest - output.length >= SHORT_MARGIN) found.add('too-short');
    }
    for (const s of failedScorers) {
      if (FORMAT_SCORERS.has(s.type) || (s.type === 'choice' && choiceFoundNoLetter(s))) found.add('broken-format');
      else found.add('wrong-answer');
    }
    if (!found.has('broken-format') && !found.has('wrong-answer')) found.add('wrong-answer');
  }
  return FAILURE_CATEGORIES.filter((c) => found.has(c));
}

/** The one category a failure is counted under in charts: the first that applies. */
export function primaryFailureCategory(categories: readonly FailureCategory[]): FailureCategory | null {
  return categories[0] ?? null;
}
