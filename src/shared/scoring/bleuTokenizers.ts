import { isPySpace, pySplit, pyStrip } from './pythonText';

/** The BLEU tokenisers sacrebleu 2.x offers that need no external library (so not `ja-mecab` or `spm`). */
export type BleuTokenizerName = '13a' | 'zh' | 'intl' | 'char' | 'none';

/**
 * The language-dependent part of mteval-v13a, shared by `13a` and `zh` (sacrebleu's
 * `TokenizerRegexp`). The first class is, in ASCII order: space to `&`, `(` to `+`, `/`, `:` to `@`,
 * `[` to `` ` `` and `{` to `~` — note that the apostrophe and the hyphen are not in it, so
 * "wasn't" and "state-of-the-art" stay one token.
 */
const POST_RULES: readonly (readonly [RegExp, string])[] = [
  [/([\x20-\x26\x28-\x2b\x2f\x3a-\x40\x5b-\x60\x7b-\x7e])/gu, ' $1 '],
  // Period and comma are split off unless they sit between digits (1,000.5 stays whole).
  [/([^0-9])([.,])/gu, '$1 $2 '],
  [/([.,])([^0-9])/gu, ' $1 $2'],
  [/([0-9])(-)/gu, '$1 $2 '],
];

/** The rules above, then Python's `split()`. */
function postTokenize(line: string): string[] {
  let out = line;
  for (const [pattern, replacement] of POST_RULES) out = out.replace(pattern, replacement);
  return pySplit(out);
}

function tokens13a(line: string): string[] {
  const unescaped = line
    .replaceAll('<skipped>', '')
    .replaceAll('-\n', '')
    .replaceAll('\n', ' ')
    .replaceAll('&quot;', '"')
    .replaceAll('&amp;', '&')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>');
  // The padding spaces let a sentence-final period after a digit ("in 2019.") split off.
  return postTokenize(` ${unescaped} `);
}

/** sacrebleu `13a`: mteval-v13a's tokenisation, the WMT standard and the default. */
export function tokenize13a(line: string): string {
  return tokens13a(line).join(' ');
}

/**
 * Code point ranges sacrebleu's `zh` tokeniser treats as Chinese. Two upstream entries are written
 * as `u'\u20000'` and `u'\u2f800'`, which Python reads as two-character strings (`\u2000` + `0`);
 * compared with one character they cover U+2001–U+2A6D and U+2F81–U+2FA1 instead of CJK
 * Extension B and the Compatibility Supplement. We keep the ranges as Python evaluates them, so
 * curly quotes, dashes, arrows and the like are split off as in sacrebleu, while Extension B
 * ideographs are not.
 */
const ZH_RANGES: readonly (readonly [number, number])[] = [
  [0x3400, 0x4db5],
  [0x4e00, 0x9fa5],
  [0x9fa6, 0x9fbb],
  [0xf900, 0xfa2d],
  [0xfa30, 0xfa6a],
  [0xfa70, 0xfad9],
  [0x2001, 0x2a6d],
  [0x2f81, 0x2fa1],
  [0xff00, 0xffef],
  [0x2e80, 0x2eff],
  [0x3000, 0x303f],
  [0x31c0, 0x31ef],
  [0x2f00, 0x2fdf],
  [0x2ff0, 0x2fff],
  [0x3100, 0x312f],
  [0x31a0, 0x31bf],
  [0xfe10, 0xfe1f],
  [0xfe30, 0xfe4f],
  [0x2600, 0x26ff],
  [0x2700, 0x27bf],
  [0x3200, 0x32ff],
  [0x3300, 0x33ff],
];

function isZhChar(char: string): boolean {
  const cp = char.codePointAt(0) ?? 0;
  return ZH_RANGES.some(([start, end]) => cp >= start && cp <= end);
}

function tokensZh(line: string): string[] {
  let spaced = '';
  for (const char of pyStrip(line)) spaced += isZhChar(char) ? ` ${char} ` : char;
  return postTokenize(spaced);
}

/** sacrebleu `zh`: every Chinese character is a token; the rest goes through 13a's rules (unpadded). */
export function tokenizeZh(line: string): string {
  return tokensZh(line).join(' ');
}

const INTL_RULES: readonly (readonly [RegExp, string])[] = [
  // Punctuation is split off unless it has a digit on both sides (thousand and decimal separators).
  [/(\P{N})(\p{P})/gu, '$1 $2 '],
  [/(\p{P})(\P{N})/gu, ' $1 $2'],
  [/(\p{S})/gu, ' $1 '],
];

function tokensIntl(line: string): string[] {
  let out = line;
  for (const [pattern, replacement] of INTL_RULES) out = out.replace(pattern, replacement);
  return pySplit(out);
}

/** sacrebleu `intl`: mteval-v14's international tokenisation on Unicode punctuation and symbols. */
export function tokenizeIntl(line: string): string {
  return tokensIntl(line).join(' ');
}

function tokensChar(line: string): string[] {
  const tokens: string[] = [];
  for (let i = 0; i < line.length; i++) {
    const code = line.codePointAt(i) ?? 0;
    const char = String.fromCodePoint(code);
    if (!isPySpace(code)) tokens.push(char);
    i += char.length - 1;
  }
  return tokens;
}

/** sacrebleu `char`: every non-space code point is a token. */
export function tokenizeChar(line: string): string {
  return tokensChar(line).join(' ');
}

/** Returns the tokeniser sacrebleu registers under `name`, as text with one space between tokens. */
export function bleuTokenizer(name: BleuTokenizerName): (line: string) => string {
  return name === 'none' ? (line) => line : (line) => bleuTokens(name)(line).join(' ');
}

/** The tokens sacrebleu's `name` tokeniser gives, as Python's `tokenize(line).split()`. */
export function bleuTokens(name: BleuTokenizerName): (line: string) => string[] {
  switch (name) {
    case '13a':
      return tokens13a;
    case 'zh':
      return tokensZh;
    case 'intl':
      return tokensIntl;
    case 'char':
      return tokensChar;
    case 'none':
      return pySplit;
    default:
      return name satisfies never;
  }
}
