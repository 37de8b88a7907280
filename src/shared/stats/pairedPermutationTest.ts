import { resample } from './resamplingScope';

/** Outcome of a paired sign-flip permutation test. */
export interface PermutationTestResult {
  /** Two-sided p-value for "the mean difference is 0". */
  pValue: number;
  /** True when every sign pattern was enumerated; false for a Monte Carlo estimate. */
  exact: boolean;
  /** Sign patterns evaluated (2^m when exact, m being the non-zero differences). */
  permutations: number;
  seed: number;
}

/** Settings for {@link pairedPermutationTest}. */
export interface PermutationOptions {
  /** Random sign patterns when there are too many to enumerate; 10,000 by default. */
  permutations?: number;
  /** PRNG seed; 12345 by default. */
  seed?: number;
  /** Enumerate all 2^m patterns up to this many non-zero differences; 20 by default. */
  exactLimit?: number;
}

/**
 * Paired permutation (sign-flip) test on per-case score differences: under "no difference" each
 * difference is as likely negative as positive, so the p-value is the share of sign patterns whose
 * |sum| is at least the observed one. Exact for up to `exactLimit` non-zero differences; otherwise
 * Monte Carlo with the (count + 1)/(permutations + 1) estimate, which is never 0.
 */
export function pairedPermutationTest(
  candidate: readonly number[],
  baseline: readonly number[],
  options: PermutationOptions = {},
): PermutationTestResult {
  if (candidate.length !== baseline.length) {
    throw new RangeError(`A paired test needs one baseline score per candidate score, got ${candidate.length} and ${baseline.length}.`);
  }
  const seed = options.seed ?? 12345;
  const diffs = candidate.map((c, i) => c - (baseline[i] ?? 0)).filter((d) => d !== 0);
  if (diffs.some((d) => !Number.isFinite(d))) throw new RangeError('Scores must be finite numbers.');
  if (diffs.length === 0) return { pValue: 1, exact: true, permutations: 1, seed };

  const observed = Math.abs(diffs.reduce((s, d) => s + d, 0));
  // Sums that equal the observed one up to rounding must count as "at least as extreme".
  const tolerance = 1e-9 * diffs.reduce((s, d) => s + Math.abs(d), 0);
  const m = diffs.length;

  if (m <= (options.exactLimit ?? 20)) {
    // Walk all 2^m sign patterns in Gray-code order: one sign changes per step.
    const signs = new Int8Array(m).fill(1);
    let sum = diffs.reduce((s, d) => s + d, 0);
    let extreme = 1;
    const total = 2 ** m;
    for (let k = 1; k < total; k++) {
      const bit = 31 - Math.clz32(k & -k);
      const d = diffs[bit] ?? 0;
      sum -= 2 * (signs[bit] ?? 1) * d;
      signs[bit] = -(signs[bit] ?? 1);
      if (Math.abs(sum) >= observed - tolerance) extreme++;
    }
    return { pValue: extreme / total, exact: true, permutations: total, seed };
  }

  const permutations = options.permutations ?? 10_000;
  if (!Number.isInteger(permutations) || permutations < 1)
    throw new RangeError(`permutations must be a positive integer, got ${permutations}.`);
  const extreme = resample({ kind: 'permutation', diffs: Float64Array.from(diffs), threshold: observed - tolerance, seed, permutations });
  // null: a recording pass (see withSharedResampling), which takes a provisional p-value.
  return { pValue: typeof extreme === 'number' ? (extreme + 1) / (permutations + 1) : 1, exact: false, permutations, seed };
}
