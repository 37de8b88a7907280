import { indexNgrams, lookUpNgrams, NgramCounts, NgramTable, ngramTotal, Vocabulary, type NgramIndex } from './ngramIds';
import { isPySpace, pySplit } from './pythonText';

/** chrF settings with every default filled in. */
export interface ChrfSettings {
  charOrder: number;
  wordOrder: number;
  beta: number;
  lowercase: boolean;
  whitespace: boolean;
  epsSmoothing: boolean;
}

/** sacrebleu's `string.punctuation`, the only characters chrF++ splits off words. */
const PUNCTUATION = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');

/**
 * chrF++'s word tokenisation: one punctuation mark is split off the end, or else the start, of each
 * word of more than one code point. The marks are ASCII, so slicing by UTF-16 unit is exact.
 */
function chrfWords(sentence: string): string[] {
  const words: string[] = [];
  for (const word of pySplit(sentence)) {
    const first = word.charAt(0);
    const last = word.charAt(word.length - 1);
    const oneCodePoint = word.length === 1 || (word.length === 2 && (word.codePointAt(0) ?? 0) > 0xffff);
    if (oneCodePoint) words.push(word);
    else if (PUNCTUATION.has(last)) words.push(word.slice(0, -1), last);
    else if (PUNCTUATION.has(first)) words.push(first, word.slice(1));
    else words.push(word);
  }
  return words;
}

/** The code points of a text, without Python whitespace unless `keepWhitespace`. */
function charUnits(text: string, keepWhitespace: boolean): Int32Array {
  const units = new Int32Array(text.length);
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.codePointAt(i) ?? 0;
    if (code > 0xffff) i++;
    if (keepWhitespace || !isPySpace(code)) units[length++] = code;
  }
  return units.subarray(0, length);
}

/** sacrebleu `CHRF._compute_f_score`, on a 0–100 scale, from [hypothesis, reference, matched] counts per order. */
export function chrfFScore(stats: ArrayLike<number>, options: ChrfSettings): number {
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

interface IndexedText {
  chars: NgramIndex;
  words: NgramIndex;
}

/** chrF's per-segment statistics, with its tables and counts reused from segment to segment. */
export class ChrfCounter {
  private readonly vocabulary = new Vocabulary();
  private readonly charTable = new NgramTable();
  private readonly wordTable = new NgramTable();
  private readonly counts = new NgramCounts();

  constructor(private readonly options: ChrfSettings) {}

  /**
   * [hypothesis, reference, matched] n-gram counts per order, characters first, against the
   * reference with the best F-score (the first one on ties), as sacrebleu picks.
   */
  segment(hypothesis: string, references: readonly string[]): number[] {
    this.charTable.reset();
    this.wordTable.reset();
    const refs = references.map((r) => this.index(r, indexNgrams));
    const hyp = this.index(hypothesis, lookUpNgrams);
    this.counts.fit(this.charTable);
    this.counts.fit(this.wordTable);
    let best: number[] = [];
    let bestScore = -1;
    for (const ref of refs) {
      const stats: number[] = [];
      this.addOrders(stats, hyp.chars, ref.chars, this.options.charOrder);
      this.addOrders(stats, hyp.words, ref.words, this.options.wordOrder);
      const score = chrfFScore(stats, this.options);
      if (score > bestScore) {
        bestScore = score;
        best = stats;
      }
    }
    return best;
  }

  /** References are indexed with `indexNgrams`, then the hypothesis looked up with `lookUpNgrams`. */
  private index(sentence: string, by: typeof indexNgrams): IndexedText {
    const { charOrder, wordOrder, lowercase, whitespace } = this.options;
    const text = lowercase ? sentence.toLowerCase() : sentence;
    const words = wordOrder > 0 ? this.vocabulary.units(chrfWords(text)) : new Int32Array(0);
    return { chars: by(charUnits(text, whitespace), charOrder, this.charTable), words: by(words, wordOrder, this.wordTable) };
  }

  /** Appends [hypothesis, reference, matched] counts for orders 1…maxOrder. */
  private addOrders(stats: number[], hyp: NgramIndex, ref: NgramIndex, maxOrder: number): void {
    for (let n = 1; n <= maxOrder; n++) {
      const refTotal = ngramTotal(ref, n);
      // sacrebleu counts no hypothesis n-grams for an order the reference is too short to have.
      stats.push(refTotal > 0 ? ngramTotal(hyp, n) : 0, refTotal, this.counts.matches(hyp, ref, n));
    }
  }
}
