import { f16ToF32, f32ArrayToF16 } from './f16';
import { GgmlType, type WritableGgmlType } from './ggmlTypes';
import { dequantizeQ4_0, quantizeQ4_0 } from './q4_0';
import { dequantizeQ8_0, quantizeQ8_0 } from './q8_0';

// GGUF tensor data is little-endian; so are the typed arrays on every platform Evalbench ships for.
function bytesOf(array: Float32Array | Uint16Array): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

/** The bytes ggml stores for these float32 values as a tensor of `type`. */
export function encodeTensorData(type: WritableGgmlType, values: Float32Array): Uint8Array {
  switch (type) {
    case GgmlType.F32:
      return bytesOf(values);
    case GgmlType.F16:
      return bytesOf(f32ArrayToF16(values));
    case GgmlType.Q8_0:
      return quantizeQ8_0(values);
    case GgmlType.Q4_0:
      return quantizeQ4_0(values);
    default:
      return type satisfies never;
  }
}

/** Float32 values of tensor data of `type` (the inverse of encodeTensorData, up to quantisation error). */
export function decodeTensorData(type: WritableGgmlType, bytes: Uint8Array): Float32Array {
  switch (type) {
    case GgmlType.F32: {
      const copy = bytes.slice();
      return new Float32Array(copy.buffer, 0, copy.byteLength / 4);
    }
    case GgmlType.F16: {
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const out = new Float32Array(bytes.byteLength / 2);
      for (let i = 0; i < out.length; i++) out[i] = f16ToF32(view.getUint16(i * 2, true));
      return out;
    }
    case GgmlType.Q8_0:
      return dequantizeQ8_0(bytes);
    case GgmlType.Q4_0:
      return dequantizeQ4_0(bytes);
    default:
      return type satisfies never;
  }
}
