import type { ScoreResult } from './ScoreResult';
import { quote } from './scorerText';

/**
 * Thrown when a test set's regular expression cannot be compiled: the test set is wrong, not the
 * model, so the harness should report an error for the case rather than a failure.
 */
export class InvalidPatternError extends Error {
  constructor(
    readonly pattern: string,
    readonly flags: string,
    reason: string,
  ) {
    super(`Invalid regular expression /${pattern}/${flags}: ${reason}`);
    this.name = 'InvalidPatternError';
  }
}

const ALLOWED_FLAGS = new Set(['d', 'g', 'i', 'm', 's', 'u', 'v', 'y']);

/**
 * Compiles a user-supplied pattern with JavaScript (ECMAScript) syntax, or throws
 * {@link InvalidPatternError} saying what is wrong and how to fix it. Call it when a test set is
 * loaded to report mistakes before a run starts.
 */
export function compilePattern(pattern: string, flags = ''): RegExp {
  for (const flag of flags) {
    if (!ALLOWED_FLAGS.has(flag))
      throw new InvalidPatternError(pattern, flags, `unknown flag "${flag}"; use any of d, g, i, m, s, u, v, y.`);
  }
  if (new Set(flags).size !== flags.length) throw new InvalidPatternError(pattern, flags, 'a flag is repeated; give each flag once.');
  if (flags.includes('u') && flags.includes('v'))
    throw new InvalidPatternError(pattern, flags, 'flags "u" and "v" cannot be combined; keep one.');
  try {
    return new RegExp(pattern, flags);
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^Invalid regular expression: /, '') : String(error);
    const hint = /\(\?P[<=>]/.test(pattern) ? ' Python-only syntax such as (?P<name>…) must be written (?<name>…).' : '';
    throw new InvalidPatternError(pattern, flags, `${reason}. Check brackets and escape special characters with a backslash.${hint}`);
  }
}

/** Settings for {@link regexMatch}. */
export interface RegexMatchOptions {
  /** ECMAScript flags, e.g. `i` for case-insensitive, `s` so that `.` crosses lines. */
  flags?: string;
  /** Pass when the output does NOT match; false by default. */
  negate?: boolean;
}

/** Where the pattern matched. */
export interface RegexMatchDetails {
  /** The matched text, or null when there was no match. */
  match: string | null;
  /** UTF-16 offset of the match. */
  index: number | null;
  /** Numbered capture groups (undefined ones as null). */
  groups: (string | null)[];
  /** Named capture groups. */
  namedGroups: Record<string, string | null>;
}

/** Tests the output against a regular expression. Score 1/0. Throws {@link InvalidPatternError} for a bad pattern. */
export function regexMatch(output: string, pattern: string, options: RegexMatchOptions = {}): ScoreResult<RegexMatchDetails> {
  // The sticky and global flags would make the result depend on lastIndex; one search from the start is meant.
  const regex = compilePattern(pattern, (options.flags ?? '').replace(/[gy]/g, ''));
  const found = regex.exec(output);
  const wantMatch = options.negate !== true;
  const passed = (found !== null) === wantMatch;
  const details: RegexMatchDetails = {
    match: found?.[0] ?? null,
    index: found?.index ?? null,
    // Groups that did not take part in the match are undefined at run time, whatever the typings say.
    groups: found ? (found.slice(1) as (string | undefined)[]).map((g) => g ?? null) : [],
    namedGroups: Object.fromEntries(
      Object.entries((found?.groups ?? {}) as Record<string, string | undefined>).map(([k, v]) => [k, v ?? null]),
    ),
  };
  const shown = `/${pattern}/${options.flags ?? ''}`;
  let explanation: string;
  if (found) {
    explanation = `${shown} matched ${quote(found[0])} at character ${found.index + 1}${wantMatch ? '' : ', but the output must not match'}.`;
  } else {
    explanation = `${shown} did not match the output${wantMatch ? '' : ', as required'}.`;
  }
  return { score: passed ? 1 : 0, passed, explanation, details };
}
