import { bleuTokenizer, type BleuTokenizerName } from './bleuTokenizers';
import { BLEU_SMOOTH_DEFAULTS, computeBleu, type BleuScore, type BleuSmoothMethod, type BleuStatistics } from './computeBleu';
import { ngramCounts } from './ngramCounts';
import { pyRstrip, pySplit } from './pythonText';
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
  return pySplit(bleuTokenizer(options.tokenize)(pyRstrip(cased)));
}

/** The reference length closest to the hypothesis length; ties go to the shorter reference. */
function closestRefLen(hypLen: number, refLens: readonly number[]): number {
  let bestDiff = -1;
  let best = -1;
  for (const len of refLens) {
    const diff = Math.abs(hypLen - len);
    if (bestDiff === -1 || diff < bestDiff) {
      bestDiff = diff;
      best = len;
    } else if (diff === bestDiff && len < best) {
      best = len;
    }
  }
  return best;
}

/**
 * Like sacrebleu, empty references are dropped, so segments may have different numbers of them.
 * sacrebleu refuses a segment whose references are all empty; we score it against one empty
 * reference instead (BLEU 0), so one bad test case cannot stop a whole run.
 */
function usableReferences(references: readonly string[]): string[] {
  const nonEmpty = references.filter((r) => r !== '');
  return nonEmpty.length > 0 ? nonEmpty : [''];
}

function segmentStatistics(hypothesis: string, references: readonly string[], options: ResolvedBleuOptions): BleuStatistics {
  const order = options.maxNgramOrder;
  const refNgrams = new Map<string, number>();
  const refLens: number[] = [];
  for (const ref of references) {
    const tokens = preprocess(ref, options);
    refLens.push(tokens.length);
    for (const [key, count] of ngramCounts(tokens, 1, order)) {
      refNgrams.set(key, Math.max(refNgrams.get(key) ?? 0, count));
    }
  }
  const hypTokens = preprocess(hypothesis, options);
  const correct = new Array<number>(order).fill(0);
  const total = new Array<number>(order).fill(0);
  for (const [key, count] of ngramCounts(hypTokens, 1, order)) {
    const n = key.split(' ').length - 1;
    total[n] = (total[n] ?? 0) + count;
    const refCount = refNgrams.get(key);
    if (refCount !== undefined) correct[n] = (correct[n] ?? 0) + Math.min(count, refCount);
  }
  return { sysLen: hypTokens.length, refLen: closestRefLen(hypTokens.length, refLens), correct, total };
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

function score(segments: readonly BleuStatistics[], options: ResolvedBleuOptions, nrefs: number | 'var'): BleuResult {
  const order = options.maxNgramOrder;
  const sum: BleuStatistics = { sysLen: 0, refLen: 0, correct: new Array<number>(order).fill(0), total: new Array<number>(order).fill(0) };
  for (const s of segments) {
    sum.sysLen += s.sysLen;
    sum.refLen += s.refLen;
    for (let i = 0; i < order; i++) {
      sum.correct[i] = (sum.correct[i] ?? 0) + (s.correct[i] ?? 0);
      sum.total[i] = (sum.total[i] ?? 0) + (s.total[i] ?? 0);
    }
  }
  return { ...computeBleu(sum, options), signature: signature(options, nrefs) };
}

/**
 * Corpus BLEU, equal to sacrebleu 2.x `BLEU().corpus_score`: n-gram statistics are summed over
 * all segments before precisions and the brevity penalty are taken.
 *
 * @param references `references[i]` holds the reference(s) for `hypotheses[i]`. This is the
 *   transpose of sacrebleu's layout, which takes one stream per reference set.
 */
export function corpusBleu(hypotheses: readonly string[], references: readonly (readonly string[])[], options: BleuOptions = {}): BleuResult {
  if (hypotheses.length === 0) throw new RangeError('corpusBleu needs at least one hypothesis.');
  if (references.length !== hypotheses.length) {
    throw new RangeError(`corpusBleu got ${hypotheses.length} hypotheses but references for ${references.length}; pass one reference list per hypothesis.`);
  }
  const resolved = resolve(options, false);
  const refCounts = new Set<number>();
  const stats = hypotheses.map((hyp, i) => {
    const refs = usableReferences(references[i] ?? []);
    refCounts.add(refs.length);
    return segmentStatistics(hyp, refs, resolved);
  });
  const [only] = refCounts;
  return score(stats, resolved, refCounts.size === 1 && only !== undefined ? only : 'var');
}

/**
 * Sentence BLEU, equal to sacrebleu 2.x `sentence_bleu` / `BLEU(effective_order=True).sentence_score`
 * (effective order on, exp smoothing, 13a). BLEU is a corpus metric: averaging sentence scores
 * does not give corpus BLEU.
 */
export function sentenceBleu(hypothesis: string, references: string | readonly string[], options: BleuOptions = {}): BleuResult {
  const resolved = resolve(options, true);
  const refs = usableReferences(typeof references === 'string' ? [references] : references);
  return score([segmentStatistics(hypothesis, refs, resolved)], resolved, refs.length);
}
