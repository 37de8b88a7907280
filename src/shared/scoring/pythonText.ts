/**
 * Python's notion of whitespace (`str.isspace`), which sacrebleu relies on through `str.split()`
 * and `str.strip()`. It differs from JavaScript's `\s`: Python counts the information separators
 * U+001C–U+001F and NEL (U+0085) as whitespace but not the BOM (U+FEFF). Matching it exactly keeps
 * token counts, and therefore scores, identical to the reference implementation.
 */
const PY_SPACE_CLASS = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';

const SPACE_RUN = new RegExp(`[${PY_SPACE_CLASS}]+`, 'u');
const TRAILING_SPACE = new RegExp(`[${PY_SPACE_CLASS}]+$`, 'u');
const LEADING_SPACE = new RegExp(`^[${PY_SPACE_CLASS}]+`, 'u');

/** Python's `s.split()` with no arguments: split on whitespace runs, drop empty strings. */
export function pySplit(text: string): string[] {
  return text.split(SPACE_RUN).filter((part) => part.length > 0);
}

/** Python's `s.rstrip()` with no arguments. */
export function pyRstrip(text: string): string {
  return text.replace(TRAILING_SPACE, '');
}

/** Python's `s.strip()` with no arguments. */
export function pyStrip(text: string): string {
  return pyRstrip(text).replace(LEADING_SPACE, '');
}

/** Python indexes strings by code point, JavaScript by UTF-16 unit: this gives Python's view. */
export function codePoints(text: string): string[] {
  return Array.from(text);
}
