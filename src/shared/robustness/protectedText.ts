import { escapeRegExp } from '../scoring/scorerText';
/** A piece of text: `fixed` pieces (variable values, placeholders, option labels) are never perturbed. */
export interface TextPiece {
  text: string;
  fixed: boolean;
}

const WORD_CHAR = /[\p{L}\p{N}_]/u;

/** `A)`, `(B)`, `C.`, `D:` at the start of a line, with the spaces after it. */
export const OPTION_LABEL = /^[ \t]*\(?[A-J][).:][ \t]+/gmu;

/**
 * Splits `text` into free and fixed pieces. Fixed: `{{name}}` placeholders left in the text, the
 * case's variable values where they stand as whole words (they are data, not wording), and
 * multiple-choice labels at the start of a line.
 */
export function protectText(text: string, values: readonly string[]): TextPiece[] {
  const spans: [number, number][] = [];
  for (const m of text.matchAll(/\{\{[^{}]*\}\}/gu)) spans.push([m.index, m.index + m[0].length]);
  for (const m of text.matchAll(OPTION_LABEL)) spans.push([m.index, m.index + m[0].length]);
  for (const value of new Set(values.map((v) => v.trim()).filter((v) => v !== ''))) {
    const before = WORD_CHAR.test(value.at(0) ?? '') ? '(?<![\\p{L}\\p{N}_])' : '';
    const after = WORD_CHAR.test(value.at(-1) ?? '') ? '(?![\\p{L}\\p{N}_])' : '';
    for (const m of text.matchAll(new RegExp(`${before}${escapeRegExp(value)}${after}`, 'gu')))
      spans.push([m.index, m.index + m[0].length]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  const pieces: TextPiece[] = [];
  let at = 0;
  for (const [start, end] of spans) {
    if (end <= at) continue;
    if (start > at) pieces.push({ text: text.slice(at, start), fixed: false });
    pieces.push({ text: text.slice(Math.max(start, at), end), fixed: true });
    at = end;
  }
  if (at < text.length) pieces.push({ text: text.slice(at), fixed: false });
  return pieces;
}

/** The pieces joined back into text. */
export function joinPieces(pieces: readonly TextPiece[]): string {
  return pieces.map((p) => p.text).join('');
}
