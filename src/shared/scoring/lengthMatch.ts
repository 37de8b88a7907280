import type { ScoreResult } from './ScoreResult';

/** Bounds for {@link lengthMatch}; at least one of min and max. */
export interface LengthBounds {
  /** What to count: Unicode characters (code points), or words (runs of non-space characters). */
  unit: 'characters' | 'words';
  /** Smallest accepted length, inclusive. */
  min?: number;
  /** Largest accepted length, inclusive. */
  max?: number;
  /** Count the output with surrounding whitespace trimmed; on by default. */
  trim?: boolean;
}

/** The measured length. */
export interface LengthDetails {
  length: number;
  unit: 'characters' | 'words';
}

/**
 * Passes when the output's length lies within the bounds. Words are whitespace-separated, so
 * Chinese or Japanese text without spaces counts as few "words": use `chars` for those. Score 1/0.
 */
export function lengthMatch(output: string, bounds: LengthBounds): ScoreResult<LengthDetails> {
  const { unit, min, max } = bounds;
  if (min === undefined && max === undefined) throw new RangeError('lengthMatch needs a min, a max, or both.');
  if ((min !== undefined && min < 0) || (max !== undefined && max < 0) || (min !== undefined && max !== undefined && min > max)) {
    throw new RangeError(`lengthMatch bounds are inconsistent: min ${String(min)}, max ${String(max)}.`);
  }
  const text = bounds.trim === false ? output : output.trim();
  const length = unit === 'characters' ? Array.from(text).length : text.split(/\s+/u).filter((w) => w.length > 0).length;
  const tooShort = min !== undefined && length < min;
  const tooLong = max !== undefined && length > max;
  const range = min !== undefined && max !== undefined ? `${min}–${max}` : min !== undefined ? `at least ${min}` : `at most ${String(max)}`;
  const passed = !tooShort && !tooLong;
  return {
    score: passed ? 1 : 0,
    passed,
    explanation: passed
      ? `Output has ${length} ${unit}, within ${range}.`
      : `Output has ${length} ${unit}; ${range} required (too ${tooShort ? 'short' : 'long'}).`,
    details: { length, unit },
  };
}
