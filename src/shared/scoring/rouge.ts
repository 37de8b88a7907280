import { indexNgrams, lookUpNgrams, NgramCounts, NgramTable, ngramTotal, Vocabulary } from './ngramIds';
import { summaryLevelLcs } from './rougeLsum';
import type { RougeScore } from './rougeScore';
import { rougeTokenize, type RougeTokenizerName } from './rougeTokenizer';

/**
 * `rouge1`…`rouge9` (n-gram overlap), `rougeL` (longest common subsequence over the whole text) or
 * `rougeLsum` (summary-level LCS over newline-separated sentences).
 */
export type RougeType = `rouge${1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9}` | 'rougeL' | 'rougeLsum';

export type { RougeScore } from './rougeScore';

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

function score(overlap: number, predTotal: number, refTotal: number): RougeScore {
  // max(…, 1): an empty side gives 0, not NaN.
  const precision = overlap / Math.max(predTotal, 1);
  const recall = overlap / Math.max(refTotal, 1);
  return { precision, recall, fmeasure: fmeasure(precision, recall) };
}

let lcsRow = new Int32Array(256);

/** Length of the longest common subsequence of two unit lists, with one DP row of the shorter one's length. */
function lcsOfUnits(a: Int32Array, b: Int32Array): number {
  const [long, short] = a.length >= b.length ? [a, b] : [b, a];
  if (lcsRow.length <= short.length) lcsRow = new Int32Array(2 * short.length + 1);
  const row = lcsRow;
  row.fill(0, 0, short.length + 1);
  for (let i = 0; i < long.length; i++) {
    const x = long[i];
    let diagonal = 0;
    for (let j = 1; j <= short.length; j++) {
      const above = row[j] ?? 0;
      row[j] = x === short[j - 1] ? diagonal + 1 : Math.max(above, row[j - 1] ?? 0);
      diagonal = above;
    }
  }
  return row[short.length] ?? 0;
}

/** Length of the longest common subsequence of two token lists. */
export function lcsLength(a: readonly string[], b: readonly string[]): number {
  const vocabulary = new Vocabulary();
  return lcsOfUnits(vocabulary.units(a), vocabulary.units(b));
}

/** ROUGE-N and ROUGE-L of one prediction against one reference, with tables reused between calls. */
class RougeCounter {
  private readonly vocabulary = new Vocabulary();
  private readonly table = new NgramTable();
  private readonly counts = new NgramCounts();
  private readonly maxOrder: number;

  constructor(
    private readonly types: readonly RougeType[],
    private readonly tokenizer: RougeTokenizerName,
    private readonly useStemmer: boolean,
  ) {
    this.maxOrder = Math.max(0, ...types.map((t) => (t === 'rougeL' || t === 'rougeLsum' ? 0 : Number(t.slice(5)))));
  }

  /** Tokens as units, to pass to {@link score} as often as needed. */
  units(text: string): Int32Array {
    return this.vocabulary.units(rougeTokenize(text, this.tokenizer, this.useStemmer));
  }

  score(prediction: string, predUnits: Int32Array, reference: string, refUnits: Int32Array): Partial<Record<RougeType, RougeScore>> {
    this.table.reset();
    const ref = indexNgrams(refUnits, this.maxOrder, this.table);
    const pred = lookUpNgrams(predUnits, this.maxOrder, this.table);
    this.counts.fit(this.table);
    const result: Partial<Record<RougeType, RougeScore>> = {};
    for (const type of this.types) {
      if (type === 'rougeL') {
        const lcs = predUnits.length === 0 || refUnits.length === 0 ? 0 : lcsOfUnits(refUnits, predUnits);
        result[type] = score(lcs, predUnits.length, refUnits.length);
      } else if (type === 'rougeLsum') {
        // rouge-score splits summaries into sentences at newlines only (its default, split_summaries=False).
        const sentences = (text: string): string[][] =>
          text
            .split('\n')
            .filter((s) => s.length > 0)
            .map((s) => rougeTokenize(s, this.tokenizer, this.useStemmer));
        result[type] = summaryLevelLcs(sentences(reference), sentences(prediction));
      } else {
        const n = Number(type.slice(5));
        result[type] = score(this.counts.matches(pred, ref, n), ngramTotal(pred, n), ngramTotal(ref, n));
      }
    }
    return result;
  }
}

/**
 * ROUGE scores equal to Google's rouge-score `RougeScorer(types, use_stemmer).score(target,
 * prediction)`. Note the argument order: prediction first here, as for BLEU and chrF.
 */
export function rouge(prediction: string, reference: string, options: RougeOptions = {}): Partial<Record<RougeType, RougeScore>> {
  const counter = new RougeCounter(options.types ?? DEFAULT_TYPES, options.tokenizer ?? 'default', options.useStemmer ?? false);
  return counter.score(prediction, counter.units(prediction), reference, counter.units(reference));
}

/**
 * ROUGE against several references, as rouge-score's `score_multi`: for each type, the scores of
 * the reference with the highest F-measure (the first one on ties).
 */
export function rougeMulti(
  prediction: string,
  references: readonly string[],
  options: RougeOptions = {},
): Partial<Record<RougeType, RougeScore>> {
  return rougeMultiWith(
    new RougeCounter(options.types ?? DEFAULT_TYPES, options.tokenizer ?? 'default', options.useStemmer ?? false),
    prediction,
    references,
  );
}

function rougeMultiWith(counter: RougeCounter, prediction: string, references: readonly string[]): Partial<Record<RougeType, RougeScore>> {
  const best: Partial<Record<RougeType, RougeScore>> = {};
  const predUnits = counter.units(prediction);
  for (const reference of references) {
    const scores = counter.score(prediction, predUnits, reference, counter.units(reference));
    for (const [type, score] of Object.entries(scores) as [RougeType, RougeScore][]) {
      const current = best[type];
      if (current === undefined || score.fmeasure > current.fmeasure) best[type] = score;
    }
  }
  return best;
}

/**
 * {@link rougeMulti} for every case of a corpus, with tokenisation and tables shared. A case with no
 * references scores 0 on every type.
 */
export function rougeMultiForCases(
  predictions: readonly string[],
  references: readonly (readonly string[])[],
  options: RougeOptions = {},
): Partial<Record<RougeType, RougeScore>>[] {
  const types = options.types ?? DEFAULT_TYPES;
  const counter = new RougeCounter(types, options.tokenizer ?? 'default', options.useStemmer ?? false);
  const zero = (): Partial<Record<RougeType, RougeScore>> =>
    Object.fromEntries(types.map((t) => [t, { precision: 0, recall: 0, fmeasure: 0 }]));
  return predictions.map((prediction, i) => {
    const refs = references[i] ?? [];
    return refs.length === 0 ? zero() : rougeMultiWith(counter, prediction, refs);
  });
}
