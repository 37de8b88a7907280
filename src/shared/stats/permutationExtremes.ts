import { Xoshiro128 } from './xoshiro128';

/** One Monte Carlo sign-flip test: the non-zero differences and the |sum| to reach. */
export interface SignFlipTest {
  diffs: Float64Array;
  /** |sum| that counts as at least as extreme (the observed one less a rounding tolerance). */
  threshold: number;
}

const BLOCK = 1 << 16;

/**
 * For each test, how many of `permutations` random sign patterns reach its threshold. Pattern r of
 * a test with m differences flips coins r·m … r·m + m − 1 of `seed`'s stream, as
 * `pairedPermutationTest` draws them one after the other; tests sharing a seed read one stream,
 * generated once, in blocks, so memory stays small whatever the number of cases.
 */
export function permutationExtremes(tests: readonly SignFlipTest[], seed: number, permutations: number): number[] {
  const state = tests.map((t) => ({
    diffs: t.diffs,
    threshold: t.threshold,
    end: permutations * t.diffs.length,
    position: 0,
    j: 0,
    sum: 0,
    extreme: 0,
  }));
  const total = state.reduce((max, t) => Math.max(max, t.end), 0);
  const random = new Xoshiro128(seed);
  const signs = new Int8Array(BLOCK);
  for (let start = 0; start < total; start += BLOCK) {
    const length = Math.min(BLOCK, total - start);
    random.fillSigns(length === BLOCK ? signs : signs.subarray(0, length));
    for (const t of state) {
      const { diffs, threshold } = t;
      const stop = Math.min(t.end, start + length);
      const m = diffs.length;
      let { j, sum, extreme } = t;
      for (let p = t.position; p < stop; p++) {
        // d · ±1 is exactly ±d: the same sums as choosing the sign, without a branch to mispredict.
        sum += (diffs[j] ?? 0) * (signs[p - start] ?? 0);
        if (++j === m) {
          if (Math.abs(sum) >= threshold) extreme++;
          j = 0;
          sum = 0;
        }
      }
      t.position = Math.max(t.position, stop);
      t.j = j;
      t.sum = sum;
      t.extreme = extreme;
    }
  }
  return state.map((t) => t.extreme);
}
