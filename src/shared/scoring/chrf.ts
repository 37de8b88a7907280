import { corpusNrefs, corpusStatistics, usableReferences, type Reference } from './reference';
import { ChrfCounter, chrfFScore, type ChrfSettings } from './chrfStatistics';
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

function resolve(options: ChrfOptions): ChrfSettings {
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

function signature(options: ChrfSettings, nrefs: number | 'var'): string {
  return [
    `nrefs:${nrefs}`,
    `case:${options.lowercase ? 'lc' : 'mixed'}`,
    `eff:${options.epsSmoothing ? 'no' : 'yes'}`,
    `nc:${options.charOrder}`,
    `nw:${options.wordOrder}`,
    `space:${options.whitespace ? 'yes' : 'no'}`,
    `version:${SACREBLEU_COMPAT_VERSION}`,
  ].join('|');
}

function result(stats: number[], options: ChrfSettings, signatureText: string): ChrfResult {
  return {
    score: chrfFScore(stats, options),
    name: `chrF${options.beta}${'+'.repeat(options.wordOrder)}`,
    signature: signatureText,
    statistics: stats,
  };
}

function sum(segments: readonly number[][], options: ChrfSettings): number[] {
  const size = 3 * (options.charOrder + options.wordOrder);
  const total = new Array<number>(size).fill(0);
  for (const s of segments) for (let i = 0; i < size; i++) total[i] = (total[i] ?? 0) + (s[i] ?? 0);
  return total;
}

/**
 * Corpus chrF/chrF++, equal to sacrebleu 2.x `CHRF().corpus_score`: statistics are summed over
 * segments, then one F-score is taken.
 *
 * @param references `references[i]` holds the reference(s) for `hypotheses[i]` (the transpose of
 *   sacrebleu's stream layout).
 */
export function corpusChrf(
  hypotheses: readonly string[],
  references: readonly (readonly Reference[])[],
  options: ChrfOptions = {},
): ChrfResult {
  const resolved = resolve(options);
  const { segments, nrefs } = corpusStatistics('corpusChrf', hypotheses, references, () => new ChrfCounter(resolved));
  return result(sum(segments, resolved), resolved, signature(resolved, corpusNrefs(nrefs)));
}

/** Sentence chrF/chrF++, equal to sacrebleu 2.x `CHRF().sentence_score`. */
export function sentenceChrf(hypothesis: string, references: string | readonly Reference[], options: ChrfOptions = {}): ChrfResult {
  const resolved = resolve(options);
  const refs = usableReferences(typeof references === 'string' ? [references] : references);
  return result(new ChrfCounter(resolved).segment(hypothesis, refs), resolved, signature(resolved, refs.length));
}

/**
 * {@link corpusChrf} and, for every case, {@link sentenceChrf}, from one pass over the corpus: each
 * segment's statistics are computed once, scored on their own for the sentence and summed for the
 * corpus.
 */
export function corpusAndSentenceChrf(
  hypotheses: readonly string[],
  references: readonly (readonly Reference[])[],
  options: ChrfOptions = {},
): { corpus: ChrfResult; sentences: ChrfResult[] } {
  const resolved = resolve(options);
  const { segments, nrefs } = corpusStatistics('corpusAndSentenceChrf', hypotheses, references, () => new ChrfCounter(resolved));
  const signatures = new Map<number, string>();
  const sentences = segments.map((stats, i) => {
    const n = nrefs[i] ?? 1;
    let sentenceSignature = signatures.get(n);
    if (sentenceSignature === undefined) signatures.set(n, (sentenceSignature = signature(resolved, n)));
    return result(stats, resolved, sentenceSignature);
  });
  return { corpus: result(sum(segments, resolved), resolved, signature(resolved, corpusNrefs(nrefs))), sentences };
}
