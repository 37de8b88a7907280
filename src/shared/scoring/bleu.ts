import { corpusNrefs, corpusStatistics, usableReferences, type Reference } from './reference';
import { bleuTokens, type BleuTokenizerName } from './bleuTokenizers';
import { BLEU_SMOOTH_DEFAULTS, computeBleu, type BleuScore, type BleuSmoothMethod, type BleuStatistics } from './computeBleu';
import { indexNgrams, lookUpNgrams, NgramCounts, NgramTable, ngramTotal, Vocabulary, type NgramIndex } from './ngramIds';
import { pyRstrip } from './pythonText';
import { SACREBLEU_COMPAT_VERSION } from './sacrebleuVersion';

/** BLEU settings; every default is sacrebleu 2.x's. */
export interface BleuOptions {
  /** Tokeniser; sacrebleu's default is `13a`. Use `zh` for Chinese, `char` for other unsegmented text. */
  tokenize?: BleuTokenizerName;
  /** Case-insensitive BLEU (`case:lc` in the signature). */
  lowercase?: boolean;
  /** Smoothing; `exp` by default. */
  smoothMethod?: BleuSmoothMethod;
  /** Value for `floor` (default 0.1) and `add-k` (default 1). */
  smoothValue?: number;
  /** Highest n-gram order; 4 by default. */
  maxNgramOrder?: number;
  /** Drop orders the hypothesis is too short for. Off for corpus BLEU, on for sentence BLEU. */
  effectiveOrder?: boolean;
}

/** A BLEU result with sacrebleu's reproducibility signature. */
export interface BleuResult extends BleuScore {
  /** e.g. `nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.x` */
  signature: string;
}

interface ResolvedBleuOptions {
  tokenize: BleuTokenizerName;
  lowercase: boolean;
  smoothMethod: BleuSmoothMethod;
  smoothValue: number | undefined;
  maxNgramOrder: number;
  effectiveOrder: boolean;
}

function resolve(options: BleuOptions, effectiveOrderDefault: boolean): ResolvedBleuOptions {
  const maxNgramOrder = options.maxNgramOrder ?? 4;
  if (!Number.isInteger(maxNgramOrder) || maxNgramOrder < 1) {
    throw new RangeError(`BLEU maxNgramOrder must be a positive integer, got ${maxNgramOrder}.`);
  }
  return {
    tokenize: options.tokenize ?? '13a',
    lowercase: options.lowercase ?? false,
    smoothMethod: options.smoothMethod ?? 'exp',
    smoothValue: options.smoothValue,
    maxNgramOrder,
    effectiveOrder: options.effectiveOrder ?? effectiveOrderDefault,
  };
}

function preprocess(text: string, options: ResolvedBleuOptions): string[] {
  const cased = options.lowercase ? text.toLowerCase() : text;
  return bleuTokens(options.tokenize)(pyRstrip(cased));
}

/** The reference length closest to the hypothesis length; ties go to the shorter reference. */
function closestRefLen(hypLen: number, refs: readonly NgramIndex[]): number {
  let bestDiff = -1;
  let best = -1;
  for (const { length } of refs) {
    const diff = Math.abs(hypLen - length);
    if (bestDiff === -1 || diff < bestDiff) {
      bestDiff = diff;
      best = length;
    } else if (diff === bestDiff && length < best) {
      best = length;
    }
  }
  return best;
}

/** Computes segment statistics with state reused from segment to segment. */
class BleuCounter {
  private readonly vocabulary = new Vocabulary();
  private readonly table = new NgramTable();
  private readonly counts = new NgramCounts();

  constructor(private readonly options: ResolvedBleuOptions) {}

  segment(hypothesis: string, references: readonly string[]): BleuStatistics {
    const { maxNgramOrder: order } = this.options;
    this.table.reset();
    const units = (text: string): Int32Array => this.vocabulary.units(preprocess(text, this.options));
    const refs = references.map((r) => indexNgrams(units(r), order, this.table));
    const hyp = lookUpNgrams(units(hypothesis), order, this.table);
    this.counts.fit(this.table);
    const correct = new Array<number>(order);
    const total = new Array<number>(order);
    for (let n = 1; n <= order; n++) {
      correct[n - 1] = this.counts.matchesAny(hyp, refs, n);
      total[n - 1] = ngramTotal(hyp, n);
    }
    return { sysLen: hyp.length, refLen: closestRefLen(hyp.length, refs), correct, total };
  }
}

function signature(options: ResolvedBleuOptions, nrefs: number | 'var'): string {
  const defaultValue = BLEU_SMOOTH_DEFAULTS[options.smoothMethod];
  const smooth =
    defaultValue === null ? options.smoothMethod : `${options.smoothMethod}[${(options.smoothValue ?? defaultValue).toFixed(2)}]`;
  return [
    `nrefs:${nrefs}`,
    `case:${options.lowercase ? 'lc' : 'mixed'}`,
    `eff:${options.effectiveOrder ? 'yes' : 'no'}`,
    `tok:${options.tokenize}`,
    `smooth:${smooth}`,
    `version:${SACREBLEU_COMPAT_VERSION}`,
  ].join('|');
}

function sum(segments: readonly BleuStatistics[], order: number): BleuStatistics {
  const total: BleuStatistics = {
    sysLen: 0,
    refLen: 0,
    correct: new Array<number>(order).fill(0),
    total: new Array<number>(order).fill(0),
  };
  for (const s of segments) {
    total.sysLen += s.sysLen;
    total.refLen += s.refLen;
    for (let i = 0; i < order; i++) {
      total.correct[i] = (total.correct[i] ?? 0) + (s.correct[i] ?? 0);
      total.total[i] = (total.total[i] ?? 0) + (s.total[i] ?? 0);
    }
  }
  return total;
}

/**
 * Corpus BLEU, equal to sacrebleu 2.x `BLEU().corpus_score`: n-gram statistics are summed over
 * all segments before precisions and the brevity penalty are taken.
 *
 * @param references `references[i]` holds the reference(s) for `hypotheses[i]`. This is the
 *   transpose of sacrebleu's layout, which takes one stream per reference set.
 */
export function corpusBleu(
  hypotheses: readonly string[],
  references: readonly (readonly Reference[])[],
  options: BleuOptions = {},
): BleuResult {
  const resolved = resolve(options, false);
  const { segments, nrefs } = corpusStatistics('corpusBleu', hypotheses, references, () => new BleuCounter(resolved));
  return { ...computeBleu(sum(segments, resolved.maxNgramOrder), resolved), signature: signature(resolved, corpusNrefs(nrefs)) };
}

/**
 * Sentence BLEU, equal to sacrebleu 2.x `sentence_bleu` / `BLEU(effective_order=True).sentence_score`
 * (effective order on, exp smoothing, 13a). BLEU is a corpus metric: averaging sentence scores
 * does not give corpus BLEU.
 */
export function sentenceBleu(hypothesis: string, references: string | readonly Reference[], options: BleuOptions = {}): BleuResult {
  const resolved = resolve(options, true);
  const refs = usableReferences(typeof references === 'string' ? [references] : references);
  return { ...computeBleu(new BleuCounter(resolved).segment(hypothesis, refs), resolved), signature: signature(resolved, refs.length) };
}

/**
 * {@link corpusBleu} and, for every case, {@link sentenceBleu}, from one pass over the corpus: each
 * segment's n-gram statistics are computed once, scored on their own for the sentence and summed
 * for the corpus.
 */
export function corpusAndSentenceBleu(
  hypotheses: readonly string[],
  references: readonly (readonly Reference[])[],
  options: BleuOptions = {},
): { corpus: BleuResult; sentences: BleuResult[] } {
  const forCorpus = resolve(options, false);
  const forSentence = resolve(options, true);
  const { segments, nrefs } = corpusStatistics('corpusAndSentenceBleu', hypotheses, references, () => new BleuCounter(forCorpus));
  const signatures = new Map<number, string>();
  const sentences = segments.map((stats, i) => {
    const n = nrefs[i] ?? 1;
    let sentenceSignature = signatures.get(n);
    if (sentenceSignature === undefined) signatures.set(n, (sentenceSignature = signature(forSentence, n)));
    return { ...computeBleu(stats, forSentence), signature: sentenceSignature };
  });
  const corpus = { ...computeBleu(sum(segments, forCorpus.maxNgramOrder), forCorpus), signature: signature(forCorpus, corpusNrefs(nrefs)) };
  return { corpus, sentences };
}
