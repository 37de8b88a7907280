/** Which differences {@link normalizeText} forgives; all on by default. */
export interface NormalizeOptions {
  /** Unicode NFKC: full-width forms, ligatures and compatibility characters become their plain forms. */
  nfkc?: boolean;
  /** Ignore letter case. */
  caseInsensitive?: boolean;
  /** Remove punctuation (Unicode category P: . , ! ? quotes, dashes, brackets…). Symbols such as $ or % stay. */
  ignorePunctuation?: boolean;
  /** Trim, and treat any run of whitespace as one space. */
  collapseWhitespace?: boolean;
  /** Drop the English articles a, an and the, as SQuAD does; off by default (it is wrong for other languages). */
  removeArticles?: boolean;
}

const ARTICLES = /(?<![\p{L}\p{N}_])(?:a|an|the)(?![\p{L}\p{N}_])/gu;

/** Normalises text for lenient comparison. Punctuation is deleted ("don't" → "dont", "U.S." → "us"), as in SQuAD and lm-eval. */
export function normalizeText(text: string, options: NormalizeOptions = {}): string {
  let out = options.nfkc === false ? text : text.normalize('NFKC');
  if (options.caseInsensitive !== false) out = out.toLowerCase();
  if (options.ignorePunctuation !== false) out = out.replace(/\p{P}+/gu, '');
  if (options.removeArticles === true)
    out = out.replace(options.caseInsensitive === false ? ARTICLES : new RegExp(ARTICLES.source, 'giu'), ' ');
  if (options.collapseWhitespace !== false) out = out.replace(/\s+/gu, ' ').trim();
  return out;
}
