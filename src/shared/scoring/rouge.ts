import { ngramCounts, overlapCount, totalCount } from './ngramCounts';
import { summaryLevelLcs } from './rougeLsum';
import { rougeTokenize, type RougeTokenizerName } from './rougeTokenizer';

/**
 * `rouge1`…`rouge9` (n-gram overlap), `rougeL` (longest common subsequence over the whole text) or
 * `rougeLsum` (summary-level LCS over newline-separated sentences).
 */
export type RougeType = `rouge${1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9}` | 'rougeL' | 'rougeLsum';

/** Precision, recall and F-measure on a 0–1 scale (rouge-score's `Score` tuple). */
export interface RougeScore {
  precision: number;
  recall: number;
  fmeasure: number;
}

/** ROUGE settings; defaults are rouge-score's `RougeScorer(['rouge1', 'rouge2', 'rougeL'])`. */
export interface RougeOptions {
  /** Which scores to compute; rouge1, rouge2 and rougeL by default. */
  types?: readonly RougeType[];
  /** Porter stemming of words longer than 3 characters (`use_stemmer`); off by default. */
  useStemmer?: boolean;
  /** `default` is rouge-score's ASCII-only tokeniser; `unicode` is an opt-in for other scripts. */
  tokenizer?: RougeTokenizerName;
}

const DEFAULT_TYPES: readonly RougeType[] = ['rouge1', 'rouge2', 'rougeL'];

/** rouge-score `scoring.fmeasure`: the harmonic mean, 0 when both parts are 0. */
function fmeasure(precision: number, recall: number): number {
  return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
}

function scoreNgrams(reference: readonly string[], prediction: readonly string[], n: number): RougeScore {
  const refNgrams = ngramCounts(reference, n, n);
  const predNgrams = ngramCounts(prediction, n, n);
  const overlap = overlapCount(refNgrams, predNgrams);
  // max(…, 1): an empty side gives 0, not NaN.
  const precision = overlap / Math.max(totalCount(predNgrams), 1);
  const recall = overlap / Math.max(totalCount(refNgrams), 1);
  return { precision, recall, fmeasure: fmeasure(precision, recall) };
}

/** Length of the longest common subsequence, with one DP row in memory. */
export function lcsLength(a: readonly string[], b: readonly string[]): number {
  let prev = new Array<number>(b.length + 1).fill(0);
  for (const x of a) {
    const row = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) {
      row[j] = x === b[j - 1] ? (prev[j - 1] ?? 0) + 1 : Math.max(prev[j] ?? 0, row[j - 1] ?? 0);
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}

function scoreLcs(reference: readonly string[], prediction: readonly string[]): RougeScore {
  if (reference.length === 0 || prediction.length === 0) return { precision: 0, recall: 0, fmeasure: 0 };
  const lcs = lcsLength(reference, prediction);
  const precision = lcs / prediction.length;
  const recall = lcs / reference.length;
  return { precision, recall, fmeasure: fmeasure(precision, recall) };
}

/**
 * ROUGE scores equal to Google's rouge-score `RougeScorer(types, use_stemmer).score(target,
 * prediction)`. Note the argument order: prediction first here, as for BLEU and chrF.
 */
export function rouge(prediction: string, reference: string, options: RougeOptions = {}): Partial<Record<RougeType, RougeScore>> {
  const tokenizer = options.tokenizer ?? 'default';
  const useStemmer = options.useStemmer ?? false;
  const refTokens = rougeTokenize(reference, tokenizer, useStemmer);
  const predTokens = rougeTokenize(prediction, tokenizer, useStemmer);
  const result: Partial<Record<RougeType, RougeScore>> = {};
  // rouge-score splits summaries into sentences at newlines only (its default, split_summaries=False).
  const sentences = (text: string): string[][] => text.split('\n').filter((s) => s.length > 0).map((s) => rougeTokenize(s, tokenizer, useStemmer));
  for (const type of options.types ?? DEFAULT_TYPES) {
    if (type === 'rougeL') result[type] = scoreLcs(refTokens, predTokens);
    else if (type === 'rougeLsum') result[type] = summaryLevelLcs(sentences(reference), sentences(prediction));
    else result[type] = scoreNgrams(refTokens, predTokens, Number(type.slice(5)));
  }
  return result;
}

/**
 * ROUGE against several references, as rouge-score's `score_multi`: for each type, the scores of
 * the reference with the highest F-measure (the first one on ties).
 */
export function rougeMulti(prediction: string, references: readonly string[], options: RougeOptions = {}): Partial<Record<RougeType, RougeScore>> {
  const best: Partial<Record<RougeType, RougeScore>> = {};
  for (const reference of references) {
    const scores = rouge(prediction, reference, options);
    for (const type of options.types ?? DEFAULT_TYPES) {
      const score = scores[type];
      const current = best[type];
      if (score !== undefined && (current === undefined || score.fmeasure > current.fmeasure)) best[type] = score;
    }
  }
  return best;
}
