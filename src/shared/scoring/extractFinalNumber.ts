/** A number found in text. */
export interface ExtractedNumber {
  /** Its value; a percentage keeps its written value (25 for "25%"), see `percent`. */
  value: number;
  /** The text it was read from, e.g. "-1,234.5", "3/4", "2.5e-3", "40%". */
  text: string;
  /** UTF-16 offset of `text` in the input. */
  index: number;
  /** Written with a trailing % or the word "percent". */
  percent: boolean;
  kind: 'integer' | 'decimal' | 'scientific' | 'fraction';
}

const SIGN = '(?:(?<![\\p{L}\\p{N}.])([-+\\u2212]))?';
/** Thousands separators: comma, no-break space, narrow no-break space, thin space. */
const INT = '\\d{1,3}(?:[,\\u00a0\\u202f\\u2009]\\d{3})+(?!\\d)|\\d+';
const UNSIGNED_DECIMAL = `(?:${INT})(?:\\.\\d+)?|\\.\\d+`;
const EXPONENT = '(?:[eE]([-+\\u2212]?\\d+)|\\s*(?:[x×*]|\\\\times)\\s*10\\s*\\^\\s*\\{?\\s*([-+\\u2212]?\\d+)\\s*\\}?)?';
const LATEX_FRACTION = '\\\\d?frac\\s*\\{\\s*([-+\\u2212]?\\d+)\\s*\\}\\s*\\{\\s*([-+\\u2212]?\\d+)\\s*\\}';
const PLAIN_FRACTION = `(${INT})\\s*/\\s*(${INT})(?![\\d.])`;
const PERCENT = '(\\s*(?:%|percent\\b))?';

/**
 * Alternatives in priority order at each position: LaTeX fraction, a/b fraction, then a decimal
 * with optional exponent. The sign and the trailing percent apply to all three.
 */
const NUMBER = new RegExp(`${SIGN}(?:(${LATEX_FRACTION})|(${PLAIN_FRACTION})|(${UNSIGNED_DECIMAL})${EXPONENT})${PERCENT}`, 'giu');

function toNumber(text: string): number {
  return Number(text.replace(/[,\u00a0\u202f\u2009]/g, '').replace(/\u2212/g, '-'));
}

/**
 * Every number written in `text`, in order. Understands signs (including U+2212 minus), thousands
 * separators (1,234,567), decimals, scientific notation (2.5e-3, 3 × 10^8), fractions (3/4,
 * \frac{3}{4}) and percentages. A decimal comma (3,14) is not understood: it reads as 3 and 14.
 */
export function extractNumbers(text: string): ExtractedNumber[] {
  const found: ExtractedNumber[] = [];
  for (const m of text.matchAll(NUMBER)) {
    const [whole, sign, latex, latexNum, latexDen, plainFraction, fracNum, fracDen, decimal, expE, expTen, percentText] = m;
    const negative = sign === '-' || sign === '\u2212';
    let value: number;
    let kind: ExtractedNumber['kind'];
    if (latex !== undefined || plainFraction !== undefined) {
      const num = toNumber((latex !== undefined ? latexNum : fracNum) ?? '');
      const den = toNumber((latex !== undefined ? latexDen : fracDen) ?? '');
      if (den === 0) continue;
      value = (negative ? -num : num) / den;
      kind = 'fraction';
    } else {
      const exponent = expE ?? expTen;
      // Parse mantissa and exponent together: 6.02 * 10 ** 23 would round differently from 6.02e23.
      const base = toNumber(
        `${(decimal ?? '').replace(/[,\u00a0\u202f\u2009]/g, '')}${exponent === undefined ? '' : `e${exponent.replace(/\u2212/g, '-')}`}`,
      );
      value = negative ? -base : base;
      kind = exponent !== undefined ? 'scientific' : (decimal ?? '').includes('.') ? 'decimal' : 'integer';
    }
    if (!Number.isFinite(value)) continue;
    found.push({ value, text: whole.trimEnd(), index: m.index, percent: percentText !== undefined, kind });
  }
  return found;
}

/**
 * The last number written in `text` — the convention for "final answer" grading (GSM8K and the
 * like), since models reason first and answer last. Null when the text has no number.
 */
export function extractFinalNumber(text: string): ExtractedNumber | null {
  return extractNumbers(text).at(-1) ?? null;
}
