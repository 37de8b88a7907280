/** A reproducible stream of random numbers. */
export interface SeededRandom {
  /** Uniform float in [0, 1) with 53 random bits. */
  next(): number;
  /** Uniform integer in [0, n), without modulo bias. */
  nextInt(n: number): number;
}

/** SplitMix32: spreads a small or sequential seed over the full 128-bit state. */
function splitMix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * The four unsigned 32-bit words of xoshiro128** state for `seed`, drawn from SplitMix32. Shared
 * with `Xoshiro128` so that both give the same stream for the same seed.
 */
export function xoshiroState(seed: number): [number, number, number, number] {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`A seed must be an integer, got ${seed}.`);
  const mix = splitMix32(seed ^ Math.floor(seed / 2 ** 32));
  const state: [number, number, number, number] = [mix(), mix(), mix(), mix()];
  // The all-zero state is a fixed point of xoshiro.
  if ((state[0] | state[1] | state[2] | state[3]) === 0) state[0] = 1;
  return state;
}

const rotl = (x: number, k: number): number => ((x << k) | (x >>> (32 - k))) >>> 0;

/**
 * xoshiro128** (Blackman & Vigna) seeded through SplitMix32. The same seed gives the same
 * sequence on every machine and runtime, which is what makes a published bootstrap interval
 * reproducible from its seed and resample count.
 */
export function seededRandom(seed: number): SeededRandom {
  let [a, b, c, d] = xoshiroState(seed);

  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5) >>> 0, 7), 9) >>> 0;
    const t = (b << 9) >>> 0;
    c = (c ^ a) >>> 0;
    d = (d ^ b) >>> 0;
    b = (b ^ c) >>> 0;
    a = (a ^ d) >>> 0;
    c = (c ^ t) >>> 0;
    d = rotl(d, 11);
    return result;
  };

  return {
    next: () => ((nextUint32() >>> 5) * 67108864 + (nextUint32() >>> 6)) / 9007199254740992,
    nextInt(n: number): number {
      if (!Number.isInteger(n) || n <= 0 || n > 2 ** 32) throw new RangeError(`nextInt needs an integer from 1 to 2^32, got ${n}.`);
      // Rejection sampling: draws from the last partial block of 2^32 would favour small values.
      const limit = 2 ** 32 - (2 ** 32 % n);
      for (;;) {
        const x = nextUint32();
        if (x < limit) return x % n;
      }
    },
  };
}
