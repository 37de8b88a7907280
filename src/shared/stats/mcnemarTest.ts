/** McNemar's exact test on paired pass/fail outcomes. */
export interface McNemarResult {
  /** Cases the candidate passed and the baseline failed. */
  candidateOnly: number;
  /** Cases the baseline passed and the candidate failed. */
  baselineOnly: number;
  /** Cases both passed or both failed: they carry no information about the difference. */
  concordant: number;
  /** Two-sided exact p-value. */
  pValue: number;
}

/** log of the sum of exp(terms), without overflow. */
function logSumExp(terms: readonly number[]): number {
  let max = -Infinity;
  for (const t of terms) if (t > max) max = t;
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (const t of terms) sum += Math.exp(t - max);
  return max + Math.log(sum);
}

/**
 * P(X ≤ k) for X ~ Binomial(n, ½), computed in log space so that n in the millions neither
 * underflows (2⁻ⁿ) nor overflows (n choose k).
 */
export function binomialHalfCdf(k: number, n: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  const logs: number[] = [];
  let logTerm = -n * Math.LN2; // log C(n, 0) / 2^n
  for (let i = 0; i <= k; i++) {
    logs.push(logTerm);
    logTerm += Math.log((n - i) / (i + 1));
  }
  return Math.min(1, Math.exp(logSumExp(logs)));
}

/**
 * McNemar's exact test from the discordant counts: under "no difference" each discordant case is
 * a fair coin, so p = min(1, 2·P(X ≤ min(b, c))) with X ~ Binomial(b + c, ½) — the same as
 * statsmodels' `mcnemar(table, exact=True)`.
 */
export function mcnemarExact(candidateOnly: number, baselineOnly: number, concordant = 0): McNemarResult {
  for (const [name, v] of [
    ['candidateOnly', candidateOnly],
    ['baselineOnly', baselineOnly],
    ['concordant', concordant],
  ] as const) {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`${name} must be a non-negative whole number, got ${v}.`);
  }
  const n = candidateOnly + baselineOnly;
  const pValue = n === 0 ? 1 : Math.min(1, 2 * binomialHalfCdf(Math.min(candidateOnly, baselineOnly), n));
  return { candidateOnly, baselineOnly, concordant, pValue };
}

/** McNemar's exact test on two pass/fail lists over the same cases, in the same order. */
export function mcnemarTest(candidate: readonly boolean[], baseline: readonly boolean[]): McNemarResult {
  if (candidate.length !== baseline.length) {
    throw new RangeError(`McNemar's test pairs cases: got ${candidate.length} candidate and ${baseline.length} baseline results.`);
  }
  let candidateOnly = 0;
  let baselineOnly = 0;
  candidate.forEach((c, i) => {
    const b = baseline[i] ?? false;
    if (c && !b) candidateOnly++;
    else if (b && !c) baselineOnly++;
  });
  return mcnemarExact(candidateOnly, baselineOnly, candidate.length - candidateOnly - baselineOnly);
}
