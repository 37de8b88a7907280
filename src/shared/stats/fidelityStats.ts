import { quantile } from './quantile';

/** A mean with its standard error, `± sqrt((E[x²] − E[x]²) / (N − 1))`, as llama.cpp reports it. */
export interface MeanWithError {
  value: number;
  uncertainty: number;
}

/** Quantisation fidelity of a candidate against its base, as `llama-perplexity --kl-divergence` reports it. */
export interface FidelityReport {
  positions: number;
  basePerplexity: MeanWithError;
  candidatePerplexity: MeanWithError;
  /** ln(PPL_cand / PPL_base) = mean NLL_cand − mean NLL_base; uncertainty from both variances and their covariance. */
  logPerplexityRatio: MeanWithError;
  /** Correlation of the two NLL series. */
  nllCorrelation: number;
  meanKld: MeanWithError;
  /** KLD at max, 99.9, 99, 95, 90, median, 10, 5, 1, 0.1 and min. */
  kldPercentiles: Record<string, number>;
  meanDeltaP: MeanWithError;
  rmsDeltaP: MeanWithError;
  /** Δp at max, 99.9, 99, 95, 90, 75, median, 25, 10, 5, 1, 0.1 and min. */
  deltaPPercentiles: Record<string, number>;
  /** Share of positions where both models' most likely token is the same. */
  sameTop: MeanWithError;
}

export interface FidelityPositions {
  baseNll: readonly number[];
  candidateNll: readonly number[];
  kld: readonly number[];
  deltaP: readonly number[];
  sameTop: readonly boolean[];
}

function moments(values: readonly number[]): { mean: number; meanSquare: number } {
  let sum = 0;
  let sumSquare = 0;
  for (const v of values) {
    sum += v;
    sumSquare += v * v;
  }
  return { mean: sum / values.length, meanSquare: sumSquare / values.length };
}

function meanWithError(values: readonly number[]): MeanWithError {
  const { mean, meanSquare } = moments(values);
  const n = values.length;
  return { value: mean, uncertainty: n > 1 ? Math.sqrt(Math.max(0, meanSquare - mean * mean) / (n - 1)) : NaN };
}

function percentiles(values: readonly number[], points: readonly number[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of points) {
    const name = p === 100 ? 'max' : p === 0 ? 'min' : p === 50 ? 'median' : `p${p}`;
    out[name] = quantile(values, p / 100);
  }
  return out;
}

/** Aggregates per-position statistics exactly as METRICS.md defines them. */
export function fidelityReport(positions: FidelityPositions): FidelityReport {
  const n = positions.baseNll.length;
  if (n < 2) throw new RangeError('Fidelity needs at least two scored positions; give more text or a smaller context.');
  for (const series of [positions.candidateNll, positions.kld, positions.deltaP, positions.sameTop]) {
    if (series.length !== n) throw new RangeError('Every per-position series must have one value per scored position.');
  }
  const base = meanWithError(positions.baseNll);
  const candidate = meanWithError(positions.candidateNll);
  const pplOf = (m: MeanWithError): MeanWithError => {
    const ppl = Math.exp(m.value);
    return { value: ppl, uncertainty: ppl * m.uncertainty };
  };
  const { mean: meanB, meanSquare: sqB } = moments(positions.baseNll);
  const { mean: meanC, meanSquare: sqC } = moments(positions.candidateNll);
  let cross = 0;
  for (let i = 0; i < n; i++) cross += (positions.baseNll[i] ?? 0) * (positions.candidateNll[i] ?? 0);
  const covariance = cross / n - meanB * meanC;
  const varianceB = sqB - meanB * meanB;
  const varianceC = sqC - meanC * meanC;
  const squares = positions.deltaP.map((d) => d * d);
  const msq = meanWithError(squares);
  const rms = Math.sqrt(msq.value);
  const same = positions.sameTop.filter(Boolean).length / n;
  return {
    positions: n,
    basePerplexity: pplOf(base),
    candidatePerplexity: pplOf(candidate),
    logPerplexityRatio: { value: meanC - meanB, uncertainty: Math.sqrt(Math.max(0, varianceB + varianceC - 2 * covariance) / (n - 1)) },
    nllCorrelation: covariance / Math.sqrt(varianceB * varianceC),
    meanKld: meanWithError(positions.kld),
    kldPercentiles: percentiles(positions.kld, [100, 99.9, 99, 95, 90, 50, 10, 5, 1, 0.1, 0]),
    meanDeltaP: meanWithError(positions.deltaP),
    // d(sqrt(x)) = dx / (2 sqrt(x))
    rmsDeltaP: { value: rms, uncertainty: rms > 0 ? msq.uncertainty / (2 * rms) : 0 },
    deltaPPercentiles: percentiles(positions.deltaP, [100, 99.9, 99, 95, 90, 75, 50, 25, 10, 5, 1, 0.1, 0]),
    sameTop: { value: same, uncertainty: Math.sqrt((same * (1 - same)) / (n - 1)) },
  };
}
