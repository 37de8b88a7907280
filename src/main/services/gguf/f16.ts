const scratchF32 = new Float32Array(1);
const scratchU32 = new Uint32Array(scratchF32.buffer);

/**
 * IEEE-754 binary16 bits for a number, rounded first to float32 and then to half with
 * round-to-nearest-even, as ggml's `GGML_FP32_TO_FP16` (F16C `_cvtss_sh` or its scalar fallback)
 * and numpy's `astype(np.float16)` do. Values past 65504 become ±Infinity, NaN becomes the quiet
 * NaN 0x7E00 with its sign, tiny values become half subnormals or signed zero.
 */
export function f32ToF16(value: number): number {
  scratchF32[0] = value;
  const bits = scratchU32[0] ?? 0;
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;

  if (exponent === 0xff) return sign | (mantissa !== 0 ? 0x7e00 : 0x7c00);
  const halfExponent = exponent - 112; // rebias from 127 to 15

  if (halfExponent >= 0x1f) return sign | 0x7c00;
  if (halfExponent >= 1) {
    // A carry out of the mantissa bumps the exponent, up to 0x7C00 (Infinity): exactly IEEE rounding.
    const truncated = (halfExponent << 10) | (mantissa >>> 13);
    return sign | roundNearestEven(truncated, mantissa & 0x1fff, 0x1000);
  }
  // Half subnormal: value = m * 2^(exponent - 150) with the implicit bit, the result unit is 2^-24.
  const shift = 126 - exponent;
  if (exponent === 0 || shift > 24) return sign;
  const significand = mantissa | 0x800000;
  const truncated = significand >>> shift;
  const remainder = significand & ((1 << shift) - 1);
  return sign | roundNearestEven(truncated, remainder, 1 << (shift - 1));
}

function roundNearestEven(truncated: number, remainder: number, halfway: number): number {
  if (remainder > halfway || (remainder === halfway && (truncated & 1) === 1)) return truncated + 1;
  return truncated;
}

/** The value of IEEE-754 binary16 bits (every half is exactly a float32 and a double). */
export function f16ToF32(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa === 0 ? sign * Infinity : NaN;
  return sign * (1024 + mantissa) * 2 ** (exponent - 25);
}

/** Converts a whole array to half bits, e.g. for an F16 tensor. */
export function f32ArrayToF16(values: Float32Array): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = f32ToF16(values[i] ?? 0);
  return out;
}
