import { ngramCounts, overlapCount, totalCount } from './ngramCounts';
import { codePoints, pySplit } from './pythonText';
import { SACREBLEU_COMPAT_VERSION } from './sacrebleuVersion';

/** chrF settings; every default is sacrebleu 2.x's. `wordOrder: 2` makes it chrF++. */
export interface ChrfOptions {
  /** Character n-gram order; 6 by default. */
  charOrder?: number;
  /** Word n-gram order; 0 for chrF (default), 2 for chrF++. */
  wordOrder?: number;
  /** Weight of recall against precision; 2 by default. */
  beta?: number;
  /** Case-insensitive chrF. */
  lowercase?: boolean;
  /** Keep whitespace inside character n-grams; sacrebleu removes it by default. */
  whitespace?: boolean;
  /**
   * chrF++.py/NLTK/Moses-style epsilon smoothing (an F-score per order, then averaged). Off by
   * default: sacrebleu 2.x averages precision and recall over the orders both sides have
   * (`eff:yes` in the signature) and takes one F-score of the averages.
   */
  epsSmoothing?: boolean;
}

/** A chrF result with sacrebleu's name and reproducibility signature. */
export interface ChrfResult {
  /** chrF on a 0–100 scale. */
  score: number;
  /** `chrF2`, or `chrF2++` with word order 2. */
  name: string;
  /** e.g. `nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.x` */
  signature: string;
  /** Summed [hypothesis, reference, matched] n-gram counts per order, characters first. */
  statistics: number[];
}

interface Resolved {
  charOrder: number;
  wordOrder: number;
  beta: number;
  lowercase: boolean;
  whitespace: boolean;
  epsSmoothing: boolean;
}

function resolve(options: ChrfOptions): Resolved {
  const resolved = {
    charOrder: options.charOrder ?? 6,
    wordOrder: options.wordOrder ?? 0,
    beta: options.beta ?? 2,
    lowercase: options.lowercase ?? false,
    whitespace: options.whitespace ?? false,
    epsSmoothing: options.epsSmoothing ?? false,
  };
  if (!Number.isInteger(resolved.charOrder) || resolved.charOrder < 0 || !Number.isInteger(resolved.wordOrder) || resolved.wordOrder < 0) {
    throw new RangeError(`chrF orders must be non-negative integers, got char ${resolved.charOrder} and word ${resolved.wordOrder}.`);
  }
  if (resolved.charOrder + resolved.wordOrder === 0) throw new RangeError('chrF needs a character or a word order above 0.');
  return resolved;
}

/** sacrebleu's `string.punctuation`, the only characters chrF++ splits off words. */
const PUNCTUATION = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');

/** chrF++'s word tokenisation: one punctuation mark is split off the end, or else the start, of each word. */
function chrfWords(sentence: string): string[] {
  const words: string[] = [];
  for (const word of pySplit(sentence)) {
    const chars = codePoints(word);
    const first = chars[0] ?? '';
    const last = chars[chars.length - 1] ?? '';
    if (chars.length === 1) words.push(word);
    else if (PUNCTUATION.has(last)) words.push(chars.slice(0, -1).join(''), last);
    else if (PUNCTUATION.has(first)) words.push(first, chars.slice(1).join(''));
    else words.push(word);
  }
  return words;
}

function charNgrams(chars: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= chars.length; i++) {
    const key = chars.slice(i, i + n).join('');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** One counter per order: characters 1…charOrder, then words 1…wordOrder. */
function allNgrams(sentence: string, options: Resolved): Map<string, number>[] {
  const text = options.lowercase ? sentence.toLowerCase() : sentence;
  const chars = codePoints(options.whitespace ? text : pySplit(text).join(''));
  const orders: Map<string, number>[] = [];
  for (let n = 1; n <= options.charOrder; n++) orders.push(charNgrams(chars, n));
  if (options.wordOrder > 0) {
    const words = chrfWords(text);
    for (let n = 1; n <= options.wordOrder; n++) orders.push(ngramCounts(words, n, n));
  }
  return orders;
}

/** sacrebleu `CHRF._compute_f_score`, on a 0–100 scale. */
function fScore(stats: readonly number[], options: Resolved): number {
  const eps = 1e-16;
  const factor = options.beta ** 2;
  const order = options.charOrder + options.wordOrder;
  let epsScore = 0;
  let avgPrec = 0;
  let avgRec = 0;
  let effectiveOrder = 0;
  for (let i = 0; i < order; i++) {
    const nHyp = stats[3 * i] ?? 0;
    const nRef = stats[3 * i + 1] ?? 0;
    const nMatch = stats[3 * i + 2] ?? 0;
    const prec = nHyp > 0 ? nMatch / nHyp : eps;
    const rec = nRef > 0 ? nMatch / nRef : eps;
    const denom = factor * prec + rec;
    epsScore += denom > 0 ? ((1 + factor) * prec * rec) / denom : eps;
    if (nHyp > 0 && nRef > 0) {
      avgPrec += prec;
      avgRec += rec;
      effectiveOrder++;
    }
  }
  if (options.epsSmoothing) return (100 * epsScore) / order;
  if (effectiveOrder === 0) return 0;
  avgPrec /= effectiveOrder;
  avgRec /= effectiveOrder;
  if (avgPrec + avgRec === 0) return 0;
  return (100 * (1 + factor) * avgPrec * avgRec) / (factor * avgPrec + avgRec);
}

/** Statistics against the reference with the best F-score (first one wins ties), as sacrebleu picks. */
function segmentStatistics(hypothesis: string, references: readonly string[], options: Resolved): number[] {
  const hyp = allNgrams(hypothesis, options);
  let best: number[] = [];
  let bestScore = -1;
  for (const reference of references) {
    const ref = allNgrams(reference, options);
    const stats: number[] = [];
    hyp.forEach((h, i) => {
      const r = ref[i] ?? new Map<string, number>();
      // sacrebleu counts no hypothesis n-grams for an order the reference is too short to have.
      stats.push(r.size > 0 ? totalCount(h) : 0, totalCount(r), overlapCount(h, r));
    });
    const score = fScore(stats, options);
    if (score > bestScore) {
      bestScore = score;
      best = stats;
    }
  }
  return best;
}

/** Empty references are dropped as sacrebleu does; if none is left we score against "" (chrF 0) rather than refuse. */
function usableReferences(references: readonly string[]): string[] {
  const nonEmpty = references.filter((r) => r !== '');
  return nonEmpty.length > 0 ? nonEmpty : [''];
}

function result(stats: readonly number[][], options: Resolved, nrefs: number | 'var'): ChrfResult {
  const size = 3 * (options.charOrder + options.wordOrder);
  const sum = new Array<number>(size).fill(0);
  for (const s of stats) for (let i = 0; i < size; i++) sum[i] = (sum[i] ?? 0) + (s[i] ?? 0);
  const signature = [
    `nrefs:${nrefs}`,
    `case:${options.lowercase ? 'lc' : 'mixed'}`,
    `eff:${options.epsSmoothing ? 'no' : 'yes'}`,
    `nc:${options.charOrder}`,
    `nw:${options.wordOrder}`,
    `space:${options.whitespace ? 'yes' : 'no'}`,
    `version:${SACREBLEU_COMPAT_VERSION}`,
  ].join('|');
  return { score: fScore(sum, options), name: `chrF${options.beta}${'+'.repeat(options.wordOrder)}`, signature, statistics: sum };
}

/**
 * Corpus chrF/chrF++, equal to sacrebleu 2.x `CHRF().corpus_score`: statistics are summed over
 * segments, then one F-score is taken.
 *
 * @param references `references[i]` holds the reference(s) for `hypotheses[i]` (the transpose of
 *   sacrebleu's stream layout).
 */
export function corpusChrf(hypotheses: readonly string[], references: readonly (readonly string[])[], options: ChrfOptions = {}): ChrfResult {
  if (hypotheses.length === 0) throw new RangeError('corpusChrf needs at least one hypothesis.');
  if (references.length !== hypotheses.length) {
    throw new RangeError(`corpusChrf got ${hypotheses.length} hypotheses but references for ${references.length}; pass one reference list per hypothesis.`);
  }
  const resolved = resolve(options);
  const refCounts = new Set<number>();
  const stats = hypotheses.map((hyp, i) => {
    const refs = usableReferences(references[i] ?? []);
    refCounts.add(refs.length);
    return segmentStatistics(hyp, refs, resolved);
  });
  const [only] = refCounts;
  return result(stats, resolved, refCounts.size === 1 && only !== undefined ? only : 'var');
}

/** Sentence chrF/chrF++, equal to sacrebleu 2.x `CHRF().sentence_score`. */
export function sentenceChrf(hypothesis: string, references: string | readonly string[], options: ChrfOptions = {}): ChrfResult {
  const resolved = resolve(options);
  const refs = usableReferences(typeof references === 'string' ? [references] : references);
  return result([segmentStatistics(hypothesis, refs, resolved)], resolved, refs.length);
}
