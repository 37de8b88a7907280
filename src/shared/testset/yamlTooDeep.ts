import { CST, Lexer } from 'yaml';

/** The yaml lexer's own markers, which take no room in the text. */
const MARKERS: ReadonlySet<string> = new Set([CST.DOCUMENT, CST.FLOW_END, CST.SCALAR]);
const OPEN = new Set(['[', '{']);
const CLOSE = new Set([']', '}']);
/** Block indicators that open a nested collection on the same line (`- - - x`, `? ? x`). */
const BLOCK = new Set(['-', '?']);

/** An upper bound on nesting that costs one pass over the characters: flow brackets anywhere plus the most `-`/`?` on one line. */
function roughDepth(text: string): number {
  let openers = 0;
  let line = 0;
  let mostOnALine = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) openers++;
    else if (c === 0x2d || c === 0x3f) mostOnALine = Math.max(mostOnALine, ++line);
    else if (c === 0x0a) line = 0;
  }
  return openers + mostOnALine;
}

/**
 * The offset where a YAML text first nests flow collections (`[[[`, `{a: {a:`) or same-line block
 * collections (`- - -`) more than `maxDepth` deep, or null. Checked before the yaml parser sees
 * the text: it takes ~40 µs per level (100,000 levels in 200 KB took 4-5 s) and past a few
 * thousand levels ends in "Maximum call stack size exceeded". Uses the yaml lexer, so brackets
 * inside strings do not count, and stops at the first level too many.
 */
export function yamlTooDeep(text: string, maxDepth: number): number | null {
  if (roughDepth(text) <= maxDepth) return null;
  let offset = 0;
  let flow = 0;
  let block = 0;
  for (const token of new Lexer().lex(text)) {
    if (OPEN.has(token)) flow++;
    else if (CLOSE.has(token)) flow = Math.max(0, flow - 1);
    else if (flow === 0 && BLOCK.has(token)) block++;
    else if (token.includes('\n')) block = 0;
    if (flow + block > maxDepth) return offset;
    if (!MARKERS.has(token)) offset += token.length;
  }
  return null;
}
