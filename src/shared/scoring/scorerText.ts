/** Small helpers the scorers share for reading answers and writing explanations. */

/** Accepted answers may be one string or several; this gives the list. */
export function answerList(accepted: string | readonly string[]): readonly string[] {
  return typeof accepted === 'string' ? [accepted] : accepted;
}

/** Shortens a string for an explanation, keeping it on one line. */
export function quote(text: string, max = 80): string {
  const oneLine = text.replace(/\s+/g, ' ');
  const chars = Array.from(oneLine);
  return JSON.stringify(chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : oneLine);
}

/**
 * Escapes regular-expression syntax so text matches itself. Only the syntax characters: `\-` or
 * `\/` would be errors under the `u` flag, and neither needs escaping outside a character class.
 */
export function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}
