import { describe, expect, test } from 'vitest';
import { f16ToF32 } from './f16';
import { dequantizeQ8_0, quantizeQ8_0 } from './q8_0';

function block(fill: (j: number) => number): Float32Array {
  return Float32Array.from({ length: 32 }, (_, j) => fill(j));
}

function seededValues(count: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: count }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 2 ** 32 - 0.5) * 6;
  });
}

describe('quantizeQ8_0', () => {
  test('a block of 0..31: d = 31/127 stored as fp16 0x33D0, quants round(j·127/31)', () => {
    const bytes = quantizeQ8_0(block((j) => j));
    expect(bytes.length).toBe(34);
    // 31/127 = 0.24409… = 1.95276 × 2^-3: exponent field 12, mantissa round(0.95276 × 1024) = 976.
    expect([bytes[0], bytes[1]]).toEqual([0xd0, 0x33]);
    // No j in 1..30 makes j·127/31 a half, so there is no tie to worry about.
    expect([...bytes.subarray(2)]).toEqual(Array.from({ length: 32 }, (_, j) => Math.round((j * 127) / 31)));
    expect(bytes[2 + 31]).toBe(127);
  });

  test('a block of 0..-31 keeps the positive scale and stores two’s-complement quants', () => {
    const bytes = quantizeQ8_0(block((j) => -j));
    expect([bytes[0], bytes[1]]).toEqual([0xd0, 0x33]);
    expect([...bytes.subarray(2, 6)]).toEqual([0, 256 - 4, 256 - 8, 256 - 12]);
    expect(bytes[2 + 31]).toBe(256 - 127);
  });

  test('an all-zero block has scale 0 and quants 0 (no division by zero)', () => {
    expect([...quantizeQ8_0(new Float32Array(32))]).toEqual(new Array(34).fill(0));
  });

  test('halves round away from zero, like C roundf (not to even, not toward +∞)', () => {
    const bytes = quantizeQ8_0(block((j) => [127, 2.5, -2.5, 0.5, -0.5, 1.5][j] ?? 0));
    expect([bytes[0], bytes[1]]).toEqual([0x00, 0x3c]); // d = 1
    expect([...bytes.subarray(2, 8)]).toEqual([127, 3, 256 - 3, 1, 256 - 1, 2]);
  });

  test('rejects a length that is not whole blocks', () => {
    expect(() => quantizeQ8_0(new Float32Array(31))).toThrow(/multiple of 32/);
  });
});

describe('dequantizeQ8_0', () => {
  test('uses the stored fp16 scale: 0..31 comes back with 31 → 127 × 0.244140625', () => {
    const values = dequantizeQ8_0(quantizeQ8_0(block((j) => j)));
    expect(values[31]).toBe(127 * 0.244140625);
    expect(values[0]).toBe(0);
  });

  test('round trip stays within about half a step of each block’s scale', () => {
    const input = seededValues(32 * 200, 7);
    const bytes = quantizeQ8_0(input);
    const output = dequantizeQ8_0(bytes);
    const view = new DataView(bytes.buffer);
    let squared = 0;
    let energy = 0;
    for (let b = 0; b < 200; b++) {
      const d = f16ToF32(view.getUint16(b * 34, true));
      for (let j = 0; j < 32; j++) {
        const i = b * 32 + j;
        const err = Math.abs((input[i] ?? 0) - (output[i] ?? 0));
        // Half a step, plus what rounding the scale to fp16 costs at the largest quant.
        expect(err).toBeLessThanOrEqual(d / 2 + 127 * d * 2 ** -11);
        squared += err * err;
        energy += (input[i] ?? 0) ** 2;
      }
    }
    expect(Math.sqrt(squared / energy)).toBeLessThan(0.01);
  });
});
