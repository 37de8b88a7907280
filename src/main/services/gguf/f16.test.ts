import { describe, expect, test } from 'vitest';
import { f16ToF32, f32ArrayToF16, f32ToF16 } from './f16';

const hex = (n: number): string => `0x${n.toString(16).padStart(4, '0')}`;

describe('f32ToF16', () => {
  test.each([
    [1, 0x3c00],
    [-2, 0xc000],
    [0.5, 0x3800],
    [1 / 3, 0x3555],
    [0.1, 0x2e66],
    [65504, 0x7bff], // largest half
    [65519, 0x7bff], // below the midpoint to "65536": stays finite
    [65520, 0x7c00], // the midpoint rounds to even, which is the Infinity pattern
    [1e6, 0x7c00],
    [-1e6, 0xfc00],
    [2 ** -14, 0x0400], // smallest normal
    [2 ** -24, 0x0001], // smallest subnormal
    [2 ** -25, 0x0000], // half of it: a tie, goes to even zero
    [3 * 2 ** -26, 0x0001], // above the tie
    [1e-10, 0x0000],
    [-1e-10, 0x8000],
    [0, 0x0000],
    [-0, 0x8000],
    [Infinity, 0x7c00],
    [-Infinity, 0xfc00],
    [NaN, 0x7e00],
  ])('%d → %s', (value, bits) => {
    expect(hex(f32ToF16(value))).toBe(hex(bits));
  });

  test('rounds float32 first: a double just above a half midpoint but equal to it in float32 ties to even', () => {
    // 1 + 2^-11 is the midpoint between 0x3c00 and 0x3c01; 1 + 2^-11 + 2^-40 is that midpoint once rounded to float32.
    expect(f32ToF16(1 + 2 ** -11 + 2 ** -40)).toBe(0x3c00);
    expect(f32ToF16(1 + 2 ** -11 + 2 ** -20)).toBe(0x3c01);
  });

  test('every finite half survives f16 → f32 → f16, and NaNs come back as the quiet NaN', () => {
    const wrong: string[] = [];
    for (let bits = 0; bits <= 0xffff; bits++) {
      const isNaN = (bits & 0x7c00) === 0x7c00 && (bits & 0x3ff) !== 0;
      // A JS NaN carries no sign or payload, so every NaN comes back as the one quiet NaN.
      const back = f32ToF16(f16ToF32(bits));
      if (back !== (isNaN ? 0x7e00 : bits)) wrong.push(`${hex(bits)} → ${hex(back)}`);
    }
    expect(wrong).toEqual([]);
  });

  test('every midpoint between neighbouring halves rounds to the even one, and one float32 step away rounds to the nearer', () => {
    const bits32 = new DataView(new ArrayBuffer(4));
    const neighbour = (value: number, step: number): number => {
      bits32.setFloat32(0, value);
      bits32.setUint32(0, bits32.getUint32(0) + step);
      return bits32.getFloat32(0);
    };
    // The midpoint above 0x7BFF is 65520, which rounds to Infinity (tested above).
    const wrong: string[] = [];
    for (let bits = 0; bits < 0x7bff; bits++) {
      const mid = (f16ToF32(bits) + f16ToF32(bits + 1)) / 2; // exact in float32
      const even = bits % 2 === 0 ? bits : bits + 1;
      const got = [f32ToF16(mid), f32ToF16(-mid), f32ToF16(neighbour(mid, -1)), f32ToF16(neighbour(mid, 1))];
      const want = [even, even | 0x8000, bits, bits + 1];
      if (got.some((g, i) => g !== want[i])) wrong.push(`${mid}: got ${got.map(hex).join(' ')}, want ${want.map(hex).join(' ')}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('f16ToF32', () => {
  test.each([
    [0x3c00, 1],
    [0xc000, -2],
    [0x7bff, 65504],
    [0x0001, 2 ** -24],
    [0x0400, 2 ** -14],
    [0x03ff, 1023 * 2 ** -24],
    [0x8000, -0],
    [0x7c00, Infinity],
    [0xfc00, -Infinity],
  ])('%s → %d', (bits, value) => {
    expect(f16ToF32(bits)).toBe(value);
  });

  test('NaN patterns decode to NaN', () => {
    expect(f16ToF32(0x7e00)).toBeNaN();
    expect(f16ToF32(0xfc01)).toBeNaN();
  });
});

test('f32ArrayToF16 converts element by element', () => {
  expect([...f32ArrayToF16(new Float32Array([1, -2, 65520, 2 ** -25]))]).toEqual([0x3c00, 0xc000, 0x7c00, 0]);
});
