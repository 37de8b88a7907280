import { sentenceBleu, type BleuOptions } from './bleu';
import { sentenceChrf, type ChrfOptions } from './chrf';
import { rougeMulti, type RougeOptions } from './rouge';
import type { ScoreResult } from './ScoreResult';
import { answerList } from './scorerText';

/** The reference-based metrics a test case can grade with. */
export type SimilarityMetric = 'bleu' | 'chrf' | 'chrf++' | 'rouge1' | 'rouge2' | 'rougeL' | 'rougeLsum';

/** Settings for {@link similarityMatch}. */
export interface SimilarityOptions {
  metric: SimilarityMetric;
  /** Pass mark on the metric's own scale: 0–100 for BLEU and chrF, 0–1 for ROUGE. */
  threshold: number;
  /** Which ROUGE figure is the score: F-measure (default), precision or recall. */
  rougeMeasure?: 'f' | 'precision' | 'recall';
  bleu?: BleuOptions;
  chrf?: Omit<ChrfOptions, 'wordOrder'>;
  rouge?: Omit<RougeOptions, 'types'>;
}

/** The metric's full result, for display. */
export interface SimilarityDetails {
  metric: SimilarityMetric;
  /** sacrebleu signature for BLEU and chrF. */
  signature?: string;
  precision?: number;
  recall?: number;
}

/**
 * Grades an output against reference text with sentence-level BLEU, chrF/chrF++ or ROUGE (all
 * references at once: BLEU and chrF use them as sacrebleu does, ROUGE takes the best one). The
 * score stays on the metric's scale; a corpus-level number must be computed over all cases with
 * `corpusBleu`/`corpusChrf`, not by averaging these.
 */
export function similarityMatch(
  output: string,
  references: string | readonly string[],
  options: SimilarityOptions,
): ScoreResult<SimilarityDetails> {
  const refs = answerList(references);
  const { metric, threshold } = options;
  let score: number;
  let details: SimilarityDetails;
  let label: string;
  switch (metric) {
    case 'bleu': {
      const result = sentenceBleu(output, refs, options.bleu);
      [score, label, details] = [result.score, 'BLEU', { metric, signature: result.signature }];
      break;
    }
    case 'chrf':
    case 'chrf++': {
      const result = sentenceChrf(output, refs, { ...options.chrf, wordOrder: metric === 'chrf' ? 0 : 2 });
      [score, label, details] = [result.score, result.name, { metric, signature: result.signature }];
      break;
    }
    case 'rouge1':
    case 'rouge2':
    case 'rougeL':
    case 'rougeLsum': {
      const result = rougeMulti(output, refs, { ...options.rouge, types: [metric] })[metric] ?? { precision: 0, recall: 0, fmeasure: 0 };
      const measure = options.rougeMeasure ?? 'f';
      const value = measure === 'f' ? result.fmeasure : result[measure];
      [score, label, details] = [
        value,
        `${metric} ${measure === 'f' ? 'F' : measure}`,
        { metric, precision: result.precision, recall: result.recall },
      ];
      break;
    }
    default:
      return metric satisfies never;
  }
  const passed = score >= threshold;
  const digits = metric.startsWith('rouge') ? 3 : 1;
  return {
    score,
    passed,
    explanation: `${label} ${score.toFixed(digits)} ${passed ? 'reaches' : 'is below'} the pass mark ${threshold} (${refs.length} reference${refs.length === 1 ? '' : 's'}).`,
    details,
  };
}
