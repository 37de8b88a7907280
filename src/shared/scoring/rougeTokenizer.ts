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

/** Stems already computed: texts repeat words a lot, and stemming is the slow part of tokenising. */
const stems = new Map<string, string>();

/** rouge-score stems only words longer than 3 characters, and only with `use_stemmer=True`. */
function stemLong(token: string): string {
  if (token.length <= 3) return token;
  let stem = stems.get(token);
  if (stem === undefined) {
    if (stems.size >= 100_000) stems.clear();
    stem = porterStem(token);
    stems.set(token, stem);
  }
  return stem;
}

function isAsciiLowerOrDigit(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39);
}

/**
 * rouge-score `tokenize.tokenize`: lowercase, non-[a-z0-9] runs become spaces, split, optionally
 * stem. That leaves exactly the maximal [a-z0-9] runs of the lowercased text, found here in one pass.
 */
export function rougeScoreTokenize(text: string, useStemmer: boolean): string[] {
  const lower = text.toLowerCase();
  const tokens: string[] = [];
  let start = -1;
  for (let i = 0; i <= lower.length; i++) {
    const inToken = i < lower.length && isAsciiLowerOrDigit(lower.charCodeAt(i));
    if (inToken && start < 0) start = i;
    else if (!inToken && start >= 0) {
      const token = lower.slice(start, i);
      tokens.push(useStemmer ? stemLong(token) : token);
      start = -1;
    }
  }
  return tokens;
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
