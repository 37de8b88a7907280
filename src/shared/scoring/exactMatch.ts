import { normalizeText, type NormalizeOptions } from './normalizeText';
import type { ScoreResult } from './ScoreResult';
import { answerList, quote } from './scorerText';

/** What an exact-match check found. */
export interface ExactMatchDetails {
  /** The accepted answer the output equals, or null. */
  matched: string | null;
  /** The strings that were compared, after normalisation (the same as the input for plain exact match). */
  comparedOutput: string;
  /** On failure: the accepted answer sharing the longest prefix with the output, and where they part. */
  closest?: { answer: string; index: number };
}

function commonPrefix(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  return i;
}

function compare(
  output: string,
  answers: readonly string[],
  normalize: (s: string) => string,
  label: string,
): ScoreResult<ExactMatchDetails> {
  if (answers.length === 0) throw new RangeError(`${label} needs at least one accepted answer.`);
  const compared = normalize(output);
  const normalized = answers.map(normalize);
  const index = normalized.indexOf(compared);
  const hit = answers[index];
  if (hit !== undefined) {
    const also = normalized[index] !== hit || compared !== output ? ` (compared as ${quote(compared)})` : '';
    return {
      score: 1,
      passed: true,
      explanation: `Output matches the accepted answer ${quote(hit)}${also}.`,
      details: { matched: hit, comparedOutput: compared },
    };
  }
  // Closest: the longest shared prefix, then the longest shared prefix ignoring case ("paris" is closest to "Paris").
  let best = 0;
  let bestAt = -1;
  let bestFolded = -1;
  normalized.forEach((answer, i) => {
    const at = commonPrefix(compared, answer);
    const folded = commonPrefix(compared.toLowerCase(), answer.toLowerCase());
    if (at > bestAt || (at === bestAt && folded > bestFolded)) [best, bestAt, bestFolded] = [i, at, folded];
  });
  const closest = normalized[best] ?? '';
  const outChars = Array.from(compared);
  const ansChars = Array.from(closest);
  const got = outChars[bestAt] === undefined ? 'the end of the output' : quote(outChars[bestAt] ?? '');
  const want = ansChars[bestAt] === undefined ? 'the end of the answer' : quote(ansChars[bestAt] ?? '');
  const count = answers.length === 1 ? 'the accepted answer' : `any of the ${answers.length} accepted answers`;
  return {
    score: 0,
    passed: false,
    explanation: `Output ${quote(compared)} does not equal ${count}; closest is ${quote(closest)}, which differs at character ${bestAt + 1} (${want} expected, ${got} found).`,
    details: { matched: null, comparedOutput: compared, closest: { answer: answers[best] ?? '', index: bestAt } },
  };
}

/** Settings for {@link exactMatch}; by default the comparison is byte-for-byte. */
export interface ExactMatchOptions {
  /** Whether upper and lower case must match; true by default. */
  caseSensitive?: boolean;
  /** Ignore whitespace at the start and end of the output and the answers; false by default. */
  trim?: boolean;
}

/** String equality with any accepted answer, with optional case folding and trimming. Score 1 or 0. */
export function exactMatch(
  output: string,
  accepted: string | readonly string[],
  options: ExactMatchOptions = {},
): ScoreResult<ExactMatchDetails> {
  const prepare = (s: string): string => {
    const trimmed = options.trim === true ? s.trim() : s;
    return options.caseSensitive === false ? trimmed.toLowerCase() : trimmed;
  };
  return compare(output, answerList(accepted), prepare, 'exactMatch');
}

/**
 * Equality after {@link normalizeText}: NFKC, case, punctuation and whitespace are forgiven unless
 * turned off in `options`. Score 1 or 0.
 */
export function normalizedExactMatch(
  output: string,
  accepted: string | readonly string[],
  options: NormalizeOptions = {},
): ScoreResult<ExactMatchDetails> {
  return compare(output, answerList(accepted), (s) => normalizeText(s, options), 'normalizedExactMatch');
}
