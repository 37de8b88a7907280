import { describe, expect, test } from 'vitest';
import { f16ToF32 } from './f16';
import { dequantizeQ4_0, quantizeQ4_0 } from './q4_0';

function block(fill: (j: number) => number): Float32Array {
  return Float32Array.from({ length: 32 }, (_, j) => fill(j));
}

describe('quantizeQ4_0', () => {
  test('a block of 0..31: d = 31/-8 = -3.875 (fp16 0xC3C0), q = trunc(8.5 - 8j/31), j and j+16 share byte j', () => {
    const bytes = quantizeQ4_0(block((j) => j));
    expect(bytes.length).toBe(18);
    // -3.875 = -1.9375 × 2^1: sign, exponent field 16, mantissa 0.9375 × 1024 = 960 = 0x3C0.
    expect([bytes[0], bytes[1]]).toEqual([0xc0, 0xc3]);
    const q = (j: number): number => Math.floor(8.5 - (8 * j) / 31);
    expect([...bytes.subarray(2)]).toEqual(Array.from({ length: 16 }, (_, j) => q(j) | (q(j + 16) << 4)));
    expect(bytes[2]).toBe(0x48); // q(0) = 8 low, q(16) = trunc(4.37) = 4 high
    expect(bytes[17]).toBe(0x04); // q(15) = 4 low, q(31) = trunc(0.5) = 0 high
  });

  test('a negative maximum flips the scale’s sign and gives the same nibbles', () => {
    const positive = quantizeQ4_0(block((j) => j));
    const negative = quantizeQ4_0(block((j) => -j));
    expect([negative[0], negative[1]]).toEqual([0xc0, 0x43]); // +3.875
    expect([...negative.subarray(2)]).toEqual([...positive.subarray(2)]);
  });

  test('an all-zero block stores -0 as its scale (0 / -8) and the zero point 8 everywhere', () => {
    expect([...quantizeQ4_0(new Float32Array(32))]).toEqual([0x00, 0x80, ...new Array<number>(16).fill(0x88)]);
  });

  test('the first value of largest magnitude sets the sign, and the opposite extreme clamps to 15', () => {
    // 8 comes first, so d = -1: 8 → trunc(0.5) = 0, -8 → trunc(16.5) = 16 → clamped to 15.
    const bytes = quantizeQ4_0(block((j) => [8, -8][j] ?? 0));
    expect([...bytes.subarray(0, 4)]).toEqual([0x00, 0xbc, 0x80, 0x8f]);
  });

  test('x·id + 8.5 is rounded to float32 before truncation, as in C', () => {
    // With d = -1, x = -0.49999997 gives 8.99999997, which float32 rounds up to 9 (double arithmetic would give 8).
    const justUnderHalf = Math.fround(0.5 - 2 ** -25);
    const bytes = quantizeQ4_0(block((j) => [8, -justUnderHalf][j] ?? 0));
    expect((bytes[3] ?? 0) & 0x0f).toBe(9);
  });

  test('rejects a length that is not whole blocks', () => {
    expect(() => quantizeQ4_0(new Float32Array(40))).toThrow(/multiple of 32/);
  });
});

describe('dequantizeQ4_0', () => {
  test('(q - 8) · d: the 0..31 block comes back on a grid of 3.875', () => {
    const values = dequantizeQ4_0(quantizeQ4_0(block((j) => j)));
    expect(values[0]).toBe(-0); // (8 - 8) × -3.875, as in C
    expect(values[31]).toBe(31); // q = 0 → -8 × -3.875
    expect(values[16]).toBe(15.5); // q = 4 → -4 × -3.875
  });

  test('round trip error stays within one step (the clamped extreme) and about half a step elsewhere', () => {
    let s = 3;
    const input = Float32Array.from({ length: 32 * 300 }, () => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return (s / 2 ** 32 - 0.5) * 2;
    });
    const bytes = quantizeQ4_0(input);
    const output = dequantizeQ4_0(bytes);
    const view = new DataView(bytes.buffer);
    let squared = 0;
    let energy = 0;
    let beyondHalfStep = 0;
    for (let b = 0; b < 300; b++) {
      const step = Math.abs(f16ToF32(view.getUint16(b * 18, true)));
      for (let j = 0; j < 32; j++) {
        const i = b * 32 + j;
        const err = Math.abs((input[i] ?? 0) - (output[i] ?? 0));
        expect(err).toBeLessThanOrEqual(step * (1 + 2 ** -10));
        if (err > step * (0.5 + 2 ** -9)) beyondHalfStep++;
        squared += err * err;
        energy += (input[i] ?? 0) ** 2;
      }
    }
    expect(beyondHalfStep).toBeLessThan(300); // only values near the clamped negative extreme, at most about one per block
    expect(Math.sqrt(squared / energy)).toBeLessThan(0.15);
  });
});
