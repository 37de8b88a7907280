import type { ScoreResult } from './ScoreResult';
import { answerList, quote } from './scorerText';

/** Settings for {@link startsWithMatch}. */
export interface StartsWithOptions {
  /** Whether upper and lower case must match; true by default. */
  caseSensitive?: boolean;
  /** Skip whitespace at the start of the output first (models often begin with a space or newline); true by default. */
  trim?: boolean;
}

/** Which prefix matched. */
export interface StartsWithDetails {
  matched: string | null;
}

/** Passes when the output begins with any of the accepted prefixes. Score 1/0. */
export function startsWithMatch(
  output: string,
  prefixes: string | readonly string[],
  options: StartsWithOptions = {},
): ScoreResult<StartsWithDetails> {
  const list = answerList(prefixes);
  if (list.length === 0 || list.some((p) => p === '')) throw new RangeError('startsWithMatch needs at least one non-empty prefix.');
  const trimmed = options.trim === false ? output : output.trimStart();
  const fold = (s: string): string => (options.caseSensitive === false ? s.toLowerCase() : s);
  const matched = list.find((p) => fold(trimmed).startsWith(fold(p))) ?? null;
  const head = Array.from(trimmed).slice(0, 40).join('');
  return {
    score: matched === null ? 0 : 1,
    passed: matched !== null,
    explanation:
      matched === null
        ? `Output begins ${quote(head)}, not with ${list.map((p) => quote(p, 40)).join(' or ')}.`
        : `Output begins with ${quote(matched, 40)}.`,
    details: { matched },
  };
}
