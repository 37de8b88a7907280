import { porterStem } from './porterStemmer';

/**
 * How ROUGE splits text into tokens.
 * - `default`: rouge-score's own tokeniser, for parity. It keeps only ASCII letters and digits, so
 *   text in other scripts (accented letters, Cyrillic, Chinese…) is dropped: "café" becomes "caf",
 *   and a Chinese sentence has no tokens at all (ROUGE 0). This is what published numbers use.
 * - `unicode`: opt-in, for non-English text. Letters and digits of any script form words; every
 *   Han, Hiragana and Katakana character is a token of its own (those scripts do not mark word
 *   boundaries). Scores are not comparable with rouge-score's.
 */
export type RougeTokenizerName = 'default' | 'unicode';

/** rouge-score stems only words longer than 3 characters, and only with `use_stemmer=True`. */
function stemLong(token: string): string {
  return token.length > 3 ? porterStem(token) : token;
}

/** rouge-score `tokenize.tokenize`: lowercase, non-[a-z0-9] runs become spaces, split, optionally stem. */
export function rougeScoreTokenize(text: string, useStemmer: boolean): string[] {
  const tokens = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .split(/\s+/)
    .filter((t) => t.length > 0);
  return useStemmer ? tokens.map(stemLong) : tokens;
}

const CJK = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}';
/** One CJK character, or a run of letters, digits and combining marks from any other script. */
const UNICODE_TOKEN = new RegExp(`[${CJK}]|(?:(?![${CJK}])[\\p{L}\\p{N}\\p{M}])+`, 'gu');

/**
 * Unicode-aware ROUGE tokens: NFKC (so full-width Latin and digits match their ASCII forms), lower
 * case, words of letters/digits/marks, and one token per CJK character. Stemming, when asked for,
 * touches only plain ASCII words, since the Porter stemmer is for English.
 */
export function rougeUnicodeTokenize(text: string, useStemmer: boolean): string[] {
  const tokens = Array.from(text.normalize('NFKC').toLowerCase().matchAll(UNICODE_TOKEN), (m) => m[0]);
  return useStemmer ? tokens.map((t) => (/^[a-z]+$/.test(t) ? stemLong(t) : t)) : tokens;
}

/** Tokenises with the named ROUGE tokeniser. */
export function rougeTokenize(text: string, tokenizer: RougeTokenizerName, useStemmer: boolean): string[] {
  switch (tokenizer) {
    case 'default':
      return rougeScoreTokenize(text, useStemmer);
    case 'unicode':
      return rougeUnicodeTokenize(text, useStemmer);
    default:
      return tokenizer satisfies never;
  }
}
