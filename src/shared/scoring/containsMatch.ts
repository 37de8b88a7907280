import type { ScoreResult } from './ScoreResult';
import { quote, escapeRegExp } from './scorerText';

/** How {@link containsMatch} and {@link notContainsMatch} look for the strings. */
export interface ContainsOptions {
  /** `any` (default): one string is enough. `all`: every string must appear. */
  mode?: 'any' | 'all';
  /** Whether upper and lower case must match; true by default. */
  caseSensitive?: boolean;
  /** Match whole words only: "cat" is not found in "concatenate". Off by default. */
  wholeWord?: boolean;
}

/** Which of the strings were found. */
export interface ContainsDetails {
  found: string[];
  missing: string[];
  /** Character offset (UTF-16) of the first occurrence of each found string, in `found` order. */
  positions: number[];
}

function findAt(haystack: string, needle: string, options: ContainsOptions): number {
  if (options.wholeWord === true) {
    const pattern = new RegExp(
      `(?<![\\p{L}\\p{N}_])${escapeRegExp(needle)}(?![\\p{L}\\p{N}_])`,
      options.caseSensitive === false ? 'iu' : 'u',
    );
    return haystack.search(pattern);
  }
  return options.caseSensitive === false ? haystack.toLowerCase().indexOf(needle.toLowerCase()) : haystack.indexOf(needle);
}

function search(output: string, needles: readonly string[], options: ContainsOptions, label: string): ContainsDetails {
  if (needles.length === 0) throw new RangeError(`${label} needs at least one string to look for.`);
  if (needles.some((n) => n === '')) throw new RangeError(`${label} was given an empty string, which every output contains; remove it.`);
  const details: ContainsDetails = { found: [], missing: [], positions: [] };
  for (const needle of needles) {
    const at = findAt(output, needle, options);
    if (at >= 0) {
      details.found.push(needle);
      details.positions.push(at);
    } else {
      details.missing.push(needle);
    }
  }
  return details;
}

function list(items: readonly string[]): string {
  return items.map((s) => quote(s, 40)).join(', ');
}

/**
 * Passes when the output contains any (or, with `mode: 'all'`, every) of the strings. Score: 1/0
 * for `any`; for `all`, the share of strings found, so partial coverage shows.
 */
export function containsMatch(
  output: string,
  needles: string | readonly string[],
  options: ContainsOptions = {},
): ScoreResult<ContainsDetails> {
  const wanted = typeof needles === 'string' ? [needles] : needles;
  const details = search(output, wanted, options, 'containsMatch');
  const all = options.mode === 'all';
  const passed = all ? details.missing.length === 0 : details.found.length > 0;
  const score = all ? details.found.length / wanted.length : passed ? 1 : 0;
  let explanation: string;
  if (all) {
    explanation = passed
      ? `Output contains all ${wanted.length} required strings.`
      : `Output is missing ${details.missing.length} of ${wanted.length} required strings: ${list(details.missing)}.`;
  } else {
    explanation = passed ? `Output contains ${list(details.found)}.` : `Output contains none of ${list(wanted)}.`;
  }
  return { score, passed, explanation, details };
}

/** Passes when the output contains none of the strings (for refusals, leaked secrets, banned words). Score 1/0. */
export function notContainsMatch(
  output: string,
  needles: string | readonly string[],
  options: Omit<ContainsOptions, 'mode'> = {},
): ScoreResult<ContainsDetails> {
  const wanted = typeof needles === 'string' ? [needles] : needles;
  const details = search(output, wanted, options, 'notContainsMatch');
  const passed = details.found.length === 0;
  const first = details.positions[0] ?? 0;
  return {
    score: passed ? 1 : 0,
    passed,
    explanation: passed
      ? `Output contains none of the forbidden strings.`
      : `Output contains the forbidden ${list(details.found)} (first at character ${first + 1}).`,
    details,
  };
}
