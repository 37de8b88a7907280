import { extractNumbers, type ExtractedNumber } from './extractFinalNumber';
import type { ScoreResult } from './ScoreResult';
import { quote } from './scorerText';

/** Settings for {@link numericMatch}. */
export interface NumericMatchOptions {
  /** Largest accepted |output − expected|; 0 by default. */
  tolerance?: number;
  /**
   * Largest accepted |output − expected| as a fraction of |expected|; 1e-9 by default, which only
   * absorbs floating-point noise (0.1 + 0.2 equals 0.3). Passing either tolerance is enough.
   */
  relativeTolerance?: number;
  /** Which number counts: `last` (default; models answer after reasoning), `first`, or `only` (fails if there are several). */
  extract?: 'last' | 'first' | 'only';
}

/** What was extracted and compared. */
export interface NumericMatchDetails {
  extracted: ExtractedNumber | null;
  /** How many numbers the output contains. */
  numbersFound: number;
  expected: number;
  /** The reading of the output that was compared (a percentage may be read as 25 or 0.25). */
  compared: number | null;
  difference: number | null;
}

function parseExpected(expected: number | string): { value: number; percent: boolean } {
  if (typeof expected === 'number') {
    if (!Number.isFinite(expected)) throw new RangeError(`numericMatch expects a finite number, got ${expected}.`);
    return { value: expected, percent: false };
  }
  const parsed = extractNumbers(expected).at(-1);
  if (parsed === undefined)
    throw new RangeError(
      `numericMatch could not read a number from the expected answer ${quote(expected)}; write it as digits, e.g. "42" or "0.75".`,
    );
  return { value: parsed.value, percent: parsed.percent };
}

/**
 * Grades a number in the output (the last one by default) against the expected number. When
 * exactly one side is a percentage, both readings are tried ("25%" matches 25 and 0.25). Score 1/0.
 */
export function numericMatch(
  output: string,
  expected: number | string,
  options: NumericMatchOptions = {},
): ScoreResult<NumericMatchDetails> {
  const abs = options.tolerance ?? 0;
  const rel = options.relativeTolerance ?? 1e-9;
  if (rel < 0 || abs < 0) throw new RangeError('numericMatch tolerances must not be negative.');
  const want = parseExpected(expected);
  const numbers = extractNumbers(output);
  const mode = options.extract ?? 'last';
  const none = (explanation: string): ScoreResult<NumericMatchDetails> => ({
    score: 0,
    passed: false,
    explanation,
    details: { extracted: null, numbersFound: numbers.length, expected: want.value, compared: null, difference: null },
  });
  if (numbers.length === 0) return none(`No number found in the output; expected ${want.value}.`);
  if (mode === 'only' && numbers.length > 1) {
    return none(
      `The output contains ${numbers.length} numbers (${numbers
        .slice(0, 5)
        .map((n) => quote(n.text, 20))
        .join(', ')}), but exactly one is required.`,
    );
  }
  const extracted = (mode === 'first' ? numbers[0] : numbers.at(-1)) ?? numbers[0];
  if (extracted === undefined) return none(`No number found in the output; expected ${want.value}.`);

  const readings = extracted.percent && !want.percent ? [extracted.value, extracted.value / 100] : [extracted.value];
  const targets = want.percent && !extracted.percent ? [want.value, want.value / 100] : [want.value];
  let compared = extracted.value;
  let target = want.value;
  let passed = false;
  for (const r of readings) {
    for (const t of targets) {
      if (!passed && Math.abs(r - t) <= Math.max(abs, rel * Math.abs(t))) [compared, target, passed] = [r, t, true];
    }
  }
  const difference = compared - target;
  const which = mode === 'last' ? 'Final' : mode === 'first' ? 'First' : 'The';
  const tolerance = abs > 0 ? ` (tolerance ±${abs})` : '';
  return {
    score: passed ? 1 : 0,
    passed,
    explanation: passed
      ? `${which} number ${quote(extracted.text)} equals the expected ${target}${tolerance}.`
      : `${which} number ${quote(extracted.text)} is ${extracted.value}, expected ${want.value}${tolerance}; off by ${Math.abs(difference)}.`,
    details: { extracted, numbersFound: numbers.length, expected: want.value, compared, difference },
  };
}
