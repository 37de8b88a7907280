/** BLEU smoothing as sacrebleu names it (Chen & Cherry 2014): none, floor (method 1), add-k (2), exp (3). */
export type BleuSmoothMethod = 'none' | 'floor' | 'add-k' | 'exp';

/** sacrebleu's default smoothing values; `none` and `exp` take none. */
export const BLEU_SMOOTH_DEFAULTS: Readonly<Record<BleuSmoothMethod, number | null>> = {
  none: null,
  floor: 0.1,
  'add-k': 1,
  exp: null,
};

/** BLEU's sufficient statistics, summed over segments for a corpus score. */
export interface BleuStatistics {
  /** Hypothesis length in tokens (sacrebleu's `sys_len`). */
  sysLen: number;
  /** Closest reference length in tokens (sacrebleu's `ref_len`). */
  refLen: number;
  /** Clipped n-gram matches for n = 1…maxNgramOrder. */
  correct: number[];
  /** Hypothesis n-gram counts for n = 1…maxNgramOrder. */
  total: number[];
}

/** A BLEU score with everything sacrebleu prints beside it. */
export interface BleuScore {
  /** BLEU on a 0–100 scale. */
  score: number;
  /** Matched n-grams per order; with add-k smoothing these include the added k, as sacrebleu reports them. */
  counts: number[];
  /** Hypothesis n-grams per order (add-k included, as above). */
  totals: number[];
  /** Per-order precisions on a 0–100 scale, after smoothing. */
  precisions: number[];
  /** Brevity penalty. */
  bp: number;
  /** Hypothesis length in tokens (sacrebleu `sys_len`). */
  sysLen: number;
  /** Reference length in tokens (sacrebleu `ref_len`). */
  refLen: number;
  /** sysLen / refLen, 0 when refLen is 0. */
  ratio: number;
}

/** Smoothing settings for {@link computeBleu}. */
export interface ComputeBleuOptions {
  smoothMethod: BleuSmoothMethod;
  /** `undefined` uses {@link BLEU_SMOOTH_DEFAULTS}; 0 is a real value, not "unset". */
  smoothValue?: number | undefined;
  /** Stop at the highest n-gram order the hypothesis has (sacrebleu `effective_order`). */
  effectiveOrder: boolean;
  maxNgramOrder: number;
}

/** sacrebleu's `my_log`: log(0) is floored so that a zero precision makes the score 0, not NaN. */
function myLog(x: number): number {
  return x === 0 ? -9999999999 : Math.log(x);
}

/** sacrebleu `BLEU.compute_bleu`: the score from sufficient statistics, smoothing included. */
export function computeBleu(stats: BleuStatistics, options: ComputeBleuOptions): BleuScore {
  const { smoothMethod, effectiveOrder, maxNgramOrder } = options;
  const smoothValue = options.smoothValue ?? BLEU_SMOOTH_DEFAULTS[smoothMethod] ?? 0;
  const { sysLen, refLen } = stats;
  const correct = stats.correct.slice(0, maxNgramOrder);
  const total = stats.total.slice(0, maxNgramOrder);

  let bp = 1;
  if (sysLen < refLen) bp = sysLen > 0 ? Math.exp(1 - refLen / sysLen) : 0;

  const precisions = new Array<number>(maxNgramOrder).fill(0);
  const result = (score: number): BleuScore => ({
    score,
    counts: correct,
    totals: total,
    precisions,
    bp,
    sysLen,
    refLen,
    ratio: refLen ? sysLen / refLen : 0,
  });

  // No match at any order: 0 whatever the smoothing (sacrebleu issue #141).
  if (!correct.some((c) => c !== 0)) return result(0);

  let smoothMteval = 1;
  let effOrder = maxNgramOrder;
  for (let n = 1; n <= maxNgramOrder; n++) {
    const i = n - 1;
    if (smoothMethod === 'add-k' && n > 1) {
      correct[i] = (correct[i] ?? 0) + smoothValue;
      total[i] = (total[i] ?? 0) + smoothValue;
    }
    const t = total[i] ?? 0;
    const c = correct[i] ?? 0;
    if (t === 0) break;
    if (effectiveOrder) effOrder = n;
    if (c === 0) {
      if (smoothMethod === 'exp') {
        smoothMteval *= 2;
        precisions[i] = 100 / (smoothMteval * t);
      } else if (smoothMethod === 'floor') {
        precisions[i] = (100 * smoothValue) / t;
      }
    } else {
      precisions[i] = (100 * c) / t;
    }
  }

  let logSum = 0;
  for (let i = 0; i < effOrder; i++) logSum += myLog(precisions[i] ?? 0);
  return result(bp * Math.exp(logSum / effOrder));
}
