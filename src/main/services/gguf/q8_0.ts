import { f16ToF32, f32ToF16 } from './f16';

/** Values per Q8_0 block. */
export const QK8_0 = 32;
/** Bytes per Q8_0 block: an fp16 scale and 32 int8 quants. */
export const Q8_0_BLOCK_BYTES = 34;

const f = Math.fround;

/** C's roundf: halves go away from zero (not to even, unlike Math.round for negatives). */
function roundf(x: number): number {
  return Math.sign(x) * Math.floor(Math.abs(x) + 0.5);
}

/**
 * Quantises to Q8_0 byte for byte like ggml's `quantize_row_q8_0_ref`: per block
 * `d = amax / 127`, `id = d ? 1/d : 0`, `q = roundf(x * id)`, every step in float32.
 * The length must be a multiple of 32 (ggml quantises rows whose length is).
 */
export function quantizeQ8_0(values: Float32Array): Uint8Array {
  if (values.length % QK8_0 !== 0) throw new RangeError(`Q8_0 needs a multiple of ${QK8_0} values, got ${values.length}.`);
  const blocks = values.length / QK8_0;
  const out = new Uint8Array(blocks * Q8_0_BLOCK_BYTES);
  const view = new DataView(out.buffer);
  for (let b = 0; b < blocks; b++) {
    const start = b * QK8_0;
    let amax = 0;
    for (let j = 0; j < QK8_0; j++) {
      const a = Math.abs(values[start + j] ?? 0);
      amax = amax > a ? amax : a; // ggml's MAX(amax, fabsf(v)), NaN handling included
    }
    const d = f(amax / 127);
    const id = d !== 0 ? f(1 / d) : 0;
    const base = b * Q8_0_BLOCK_BYTES;
    view.setUint16(base, f32ToF16(d), true);
    for (let j = 0; j < QK8_0; j++) {
      out[base + 2 + j] = roundf(f((values[start + j] ?? 0) * id)) & 0xff;
    }
  }
  return out;
}

/** Expands Q8_0 blocks back to float32 (`q * d` with the stored fp16 scale), as ggml's dequantize_row_q8_0. */
export function dequantizeQ8_0(bytes: Uint8Array): Float32Array {
  if (bytes.length % Q8_0_BLOCK_BYTES !== 0)
    throw new RangeError(`Q8_0 data must be whole ${Q8_0_BLOCK_BYTES}-byte blocks, got ${bytes.length} bytes.`);
  const blocks = bytes.length / Q8_0_BLOCK_BYTES;
  const out = new Float32Array(blocks * QK8_0);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let b = 0; b < blocks; b++) {
    const base = b * Q8_0_BLOCK_BYTES;
    const d = f16ToF32(view.getUint16(base, true));
    for (let j = 0; j < QK8_0; j++) out[b * QK8_0 + j] = view.getInt8(base + 2 + j) * d;
  }
  return out;
}
