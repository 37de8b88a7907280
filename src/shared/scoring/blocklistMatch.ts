import { compilePattern } from './regexMatch';
import type { ScoreResult } from './ScoreResult';
import { quote, escapeRegExp } from './scorerText';

/** What {@link blocklistMatch} forbids, and how it looks for it. */
export interface BlocklistOptions {
  /** Words or phrases that must not appear, matched literally. */
  words?: readonly string[];
  /** Regular expressions (JavaScript syntax, without slashes) that must not match. */
  patterns?: readonly string[];
  /** Whether upper and lower case must match; false by default. */
  caseSensitive?: boolean;
  /** Match words only as whole words ("ass" is not found in "class"); true by default. Patterns are used as written. */
  wholeWord?: boolean;
}

/** One blocked entry that was found. */
export interface BlocklistHit {
  /** The word, or the pattern as `/…/`. */
  entry: string;
  /** The first text it matched. */
  text: string;
  /** UTF-16 offset of the first match. */
  index: number;
  /** How many times it matched. */
  count: number;
}

export interface BlocklistDetails {
  found: BlocklistHit[];
}

function hitOf(output: string, entry: string, pattern: RegExp): BlocklistHit | null {
  const matches = Array.from(output.matchAll(pattern)).filter((m) => m[0] !== '');
  const first = matches[0];
  return first === undefined ? null : { entry, text: first[0], index: first.index, count: matches.length };
}

/**
 * Passes when none of the blocked words or patterns appears in the output (banned words, leaked
 * secrets, unsafe content). Words are literal and, by default, whole-word and case-insensitive;
 * the explanation lists every entry found, in order of first match, with its count. Score 1/0.
 */
export function blocklistMatch(output: string, options: BlocklistOptions): ScoreResult<BlocklistDetails> {
  const words = options.words ?? [];
  const patterns = options.patterns ?? [];
  if (words.length + patterns.length === 0) throw new RangeError('A blocklist needs at least one word or pattern.');
  if (words.some((w) => w.trim() === '')) throw new RangeError('A blocklist word is empty, which every output contains; remove it.');
  // Words need `u` for \p{L}; patterns get no `u`, which would reject escapes such as `\-` that users write.
  const flags = options.caseSensitive === true ? 'g' : 'gi';
  const wholeWord = options.wholeWord !== false;
  const found: BlocklistHit[] = [];
  for (const word of words) {
    const body = escapeRegExp(word);
    const hit = hitOf(output, word, new RegExp(wholeWord ? `(?<![\\p{L}\\p{N}_])${body}(?![\\p{L}\\p{N}_])` : body, `${flags}u`));
    if (hit !== null) found.push(hit);
  }
  for (const source of patterns) {
    const hit = hitOf(output, `/${source}/`, compilePattern(source, flags));
    if (hit !== null) found.push(hit);
  }
  found.sort((a, b) => a.index - b.index);
  const passed = found.length === 0;
  const list = found.map(
    (h) =>
      `${h.entry.startsWith('/') ? `${h.entry} as ${quote(h.text, 40)}` : quote(h.entry, 40)}${h.count > 1 ? ` ×${h.count}` : ''} at character ${h.index + 1}`,
  );
  return {
    score: passed ? 1 : 0,
    passed,
    explanation: passed
      ? `None of the ${words.length + patterns.length} blocked entries appears in the output.`
      : `Found ${found.length} blocked ${found.length === 1 ? 'entry' : 'entries'}: ${list.join('; ')}.`,
    details: { found },
  };
}
