import { f16ToF32, f32ToF16 } from './f16';

/** Values per Q4_0 block. */
export const QK4_0 = 32;
/** Bytes per Q4_0 block: an fp16 scale and 16 bytes of nibbles. */
export const Q4_0_BLOCK_BYTES = 18;

const f = Math.fround;
const HALF = QK4_0 / 2;

/**
 * Quantises to Q4_0 byte for byte like ggml's `quantize_row_q4_0_ref`: per block, `max` is the
 * first value of largest magnitude (sign kept), `d = max / -8`, `id = d ? 1/d : 0`,
 * `q = min(15, trunc(x * id + 8.5))`, every step in float32. Value `j` goes in the low nibble of
 * byte `j`, value `j + 16` in its high nibble.
 */
export function quantizeQ4_0(values: Float32Array): Uint8Array {
  if (values.length % QK4_0 !== 0) throw new RangeError(`Q4_0 needs a multiple of ${QK4_0} values, got ${values.length}.`);
  const blocks = values.length / QK4_0;
  const out = new Uint8Array(blocks * Q4_0_BLOCK_BYTES);
  const view = new DataView(out.buffer);
  const quant = (x: number, id: number): number => Math.min(15, Math.trunc(f(f(x * id) + 8.5)));
  for (let b = 0; b < blocks; b++) {
    const start = b * QK4_0;
    let amax = 0;
    let max = 0;
    for (let j = 0; j < QK4_0; j++) {
      const v = values[start + j] ?? 0;
      if (amax < Math.abs(v)) {
        amax = Math.abs(v);
        max = v;
      }
    }
    const d = f(max / -8);
    const id = d !== 0 ? f(1 / d) : 0;
    const base = b * Q4_0_BLOCK_BYTES;
    view.setUint16(base, f32ToF16(d), true);
    for (let j = 0; j < HALF; j++) {
      const low = quant(values[start + j] ?? 0, id);
      const high = quant(values[start + HALF + j] ?? 0, id);
      out[base + 2 + j] = low | (high << 4);
    }
  }
  return out;
}

/** Expands Q4_0 blocks back to float32 (`(q - 8) * d` with the stored fp16 scale), as ggml's dequantize_row_q4_0. */
export function dequantizeQ4_0(bytes: Uint8Array): Float32Array {
  if (bytes.length % Q4_0_BLOCK_BYTES !== 0)
    throw new RangeError(`Q4_0 data must be whole ${Q4_0_BLOCK_BYTES}-byte blocks, got ${bytes.length} bytes.`);
  const blocks = bytes.length / Q4_0_BLOCK_BYTES;
  const out = new Float32Array(blocks * QK4_0);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let b = 0; b < blocks; b++) {
    const base = b * Q4_0_BLOCK_BYTES;
    const d = f16ToF32(view.getUint16(base, true));
    for (let j = 0; j < HALF; j++) {
      const byte = bytes[base + 2 + j] ?? 0;
      out[b * QK4_0 + j] = ((byte & 0x0f) - 8) * d;
      out[b * QK4_0 + HALF + j] = ((byte >> 4) - 8) * d;
    }
  }
  return out;
}
