import { quantileSorted } from './quantile';
import { recording, resample } from './resamplingScope';
import { seededRandom } from './seededRandom';

/** Resampling settings; the defaults are fixed so that a reported interval can be reproduced. */
export interface BootstrapOptions {
  /** Number of bootstrap resamples; 10,000 by default. */
  resamples?: number;
  /** PRNG seed; 12345 by default (sacrebleu's). */
  seed?: number;
  /** Confidence level; 0.95 by default. */
  confidence?: number;
}

/** A percentile-bootstrap confidence interval, with what is needed to reproduce it. */
export interface BootstrapInterval {
  /** The statistic on the original data. */
  estimate: number;
  lower: number;
  upper: number;
  confidence: number;
  resamples: number;
  seed: number;
  /** Number of cases resampled. */
  n: number;
  method: 'percentile';
}

/** Defaults filled in and checked. */
export function resolveBootstrap(options: BootstrapOptions): Required<BootstrapOptions> {
  const resamples = options.resamples ?? 10_000;
  const confidence = options.confidence ?? 0.95;
  if (!Number.isInteger(resamples) || resamples < 1) throw new RangeError(`resamples must be a positive integer, got ${resamples}.`);
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must lie strictly between 0 and 1, got ${confidence}.`);
  return { resamples, confidence, seed: options.seed ?? 12345 };
}

/**
 * Percentile bootstrap of any statistic of n cases: `statistic` receives the case indices of each
 * resample (drawn with replacement) and, first, the identity indices for the estimate. Use it for
 * corpus metrics such as BLEU, whose value is not a mean of per-case values.
 */
export function bootstrapStatistic(
  n: number,
  statistic: (indices: Uint32Array) => number,
  options: BootstrapOptions = {},
): BootstrapInterval {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`A bootstrap needs at least one case, got ${n}.`);
  const resolved = resolveBootstrap(options);
  const identity = Uint32Array.from({ length: n }, (_, i) => i);
  const estimate = statistic(identity);
  if (recording()) return percentileInterval(estimate, null, n, resolved);
  const random = seededRandom(resolved.seed);
  const draws = new Float64Array(resolved.resamples);
  const indices = new Uint32Array(n);
  for (let r = 0; r < resolved.resamples; r++) {
    for (let i = 0; i < n; i++) indices[i] = random.nextInt(n);
    draws[r] = statistic(indices);
  }
  return percentileInterval(estimate, draws, n, resolved);
}

/** The interval from the resampled statistics (sorted in place); without them, a provisional one. */
function percentileInterval(
  estimate: number,
  draws: Float64Array | null,
  n: number,
  { resamples, seed, confidence }: Required<BootstrapOptions>,
): BootstrapInterval {
  if (draws === null) return { estimate, lower: estimate, upper: estimate, confidence, resamples, seed, n, method: 'percentile' };
  const sorted = Array.from(draws.sort());
  const alpha = (1 - confidence) / 2;
  return {
    estimate,
    lower: quantileSorted(sorted, alpha),
    upper: quantileSorted(sorted, 1 - alpha),
    confidence,
    resamples,
    seed,
    n,
    method: 'percentile',
  };
}

/**
 * The percentile bootstrap of a mean over cases, as `bootstrapStatistic` with a mean would give
 * it (same draws, same sums), without a call per case. `difference`: the mean of the first row
 * less the second's, for two pass/fail rows (0 or 1) of the same cases.
 */
export function bootstrapMeanOfRows(
  rows: Float64Array[],
  combine: 'sum' | 'difference',
  options: BootstrapOptions = {},
): BootstrapInterval {
  const n = rows[0]?.length ?? 0;
  if (n < 1) throw new RangeError(`A bootstrap needs at least one case, got ${n}.`);
  const resolved = resolveBootstrap(options);
  const [first = new Float64Array(n), second = new Float64Array(n)] = rows;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += combine === 'sum' ? (first[i] ?? 0) : (first[i] ?? 0) - (second[i] ?? 0);
  const draws = resample({ kind: 'bootstrap', n, rows, combine, seed: resolved.seed, resamples: resolved.resamples });
  return percentileInterval(sum / n, draws instanceof Float64Array ? draws : null, n, resolved);
}

/** Bootstrap confidence interval of a mean (e.g. the mean score over test cases). */
export function bootstrapMeanCi(values: readonly number[], options: BootstrapOptions = {}): BootstrapInterval {
  if (values.some((v) => !Number.isFinite(v))) throw new RangeError('bootstrapMeanCi needs finite numbers.');
  return bootstrapMeanOfRows([Float64Array.from(values)], 'sum', options);
}

/** Bootstrap confidence interval of a pass rate (0–1). {@link wilsonInterval} is the closed-form alternative. */
export function bootstrapPassRateCi(passed: readonly boolean[], options: BootstrapOptions = {}): BootstrapInterval {
  return bootstrapMeanCi(
    passed.map((p) => (p ? 1 : 0)),
    options,
  );
}
