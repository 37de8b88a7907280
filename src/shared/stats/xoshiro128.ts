import { xoshiroState } from './seededRandom';

/**
 * The xoshiro128** stream of `seededRandom`, with bulk draws written as tight loops over local
 * state: a bootstrap of 10,000 cases × 10,000 resamples makes 10⁸ draws, and a closure call per
 * draw costs more than the generator itself. The same seed gives exactly the same numbers as
 * `seededRandom(seed).nextInt(n)` and `seededRandom(seed).next() < 0.5` (checked by the tests).
 */
export class Xoshiro128 {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    // Held as signed words: the loops below work in `Math.imul` and shifts, which give signed results.
    const [a, b, c, d] = xoshiroState(seed);
    this.a = a | 0;
    this.b = b | 0;
    this.c = c | 0;
    this.d = d | 0;
  }

  /** Fills `out` with uniform integers in [0, n), as successive `nextInt(n)` calls would. */
  fillIndices(out: Uint32Array, n: number): void {
    if (!Number.isInteger(n) || n <= 0 || n > 2 ** 32) throw new RangeError(`Indices need an integer range from 1 to 2^32, got ${n}.`);
    const limit = 2 ** 32 - (2 ** 32 % n);
    let { a, b, c, d } = this;
    for (let i = 0; i < out.length; i++) {
      let x = 0;
      do {
        const m = Math.imul(b, 5);
        x = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
        const t = b << 9;
        c ^= a;
        d ^= b;
        b ^= c;
        a ^= d;
        c ^= t;
        d = (d << 11) | (d >>> 21);
      } while (x >= limit);
      // floor(x / n) is exact for x < 2^53, so this is x % n without a floating-point modulo.
      out[i] = x - Math.floor(x / n) * n;
    }
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
  }

  /**
   * Fills `out` with random signs, +1 where `next() < 0.5` would hold and −1 elsewhere. `next()`
   * takes two 32-bit words and is below one half exactly when the first is below 2^31; the second
   * is drawn and dropped so that the stream stays the same.
   */
  fillSigns(out: Int8Array): void {
    let { a, b, c, d } = this;
    for (let i = 0; i < out.length; i++) {
      const m = Math.imul(b, 5);
      // As a signed 32-bit integer, the first word is below 2^31 exactly when it is not negative: sign bit 0 → +1, 1 → −1.
      out[i] = 1 - 2 * (Math.imul((m << 7) | (m >>> 25), 9) >>> 31);
      for (let word = 0; word < 2; word++) {
        const t = b << 9;
        c ^= a;
        d ^= b;
        b ^= c;
        a ^= d;
        c ^= t;
        d = (d << 11) | (d >>> 21);
      }
    }
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
  }
}
