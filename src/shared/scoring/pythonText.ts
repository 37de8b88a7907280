/**
 * Python's notion of whitespace (`str.isspace`), which sacrebleu relies on through `str.split()`
 * and `str.strip()`. It differs from JavaScript's `\s`: Python counts the information separators
 * U+001C–U+001F and NEL (U+0085) as whitespace but not the BOM (U+FEFF). Matching it exactly keeps
 * token counts, and therefore scores, identical to the reference implementation. All of these are
 * single UTF-16 units, so a loop over char codes finds them.
 */
export function isPySpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d) || (code >= 0x1c && code <= 0x1f);
  if (code < 0x85) return false;
  return (
    code === 0x85 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  );
}

/** Python's `s.split()` with no arguments: split on whitespace runs, drop empty strings. */
export function pySplit(text: string): string[] {
  const parts: string[] = [];
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    if (isPySpace(text.charCodeAt(i))) {
      if (start >= 0) parts.push(text.slice(start, i));
      start = -1;
    } else if (start < 0) {
      start = i;
    }
  }
  if (start >= 0) parts.push(text.slice(start));
  return parts;
}

/** Python's `s.rstrip()` with no arguments. */
export function pyRstrip(text: string): string {
  let end = text.length;
  while (end > 0 && isPySpace(text.charCodeAt(end - 1))) end--;
  return end === text.length ? text : text.slice(0, end);
}

/** Python's `s.strip()` with no arguments. */
export function pyStrip(text: string): string {
  let start = 0;
  while (start < text.length && isPySpace(text.charCodeAt(start))) start++;
  return pyRstrip(text.slice(start));
}
