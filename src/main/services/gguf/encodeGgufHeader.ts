import { ggmlTypeInfo, tensorByteSize } from './ggmlTypes';
import { GgufValueTypeId, type GgufArrayValue, type GgufMetadata, type GgufValue, type GgufValueTypeName } from './ggufValue';

/** The GGUF version this project writes. */
export const GGUF_VERSION = 3;
/** Alignment of the data section and of each tensor when `general.alignment` is absent. */
export const GGUF_DEFAULT_ALIGNMENT = 32;
/** ggml's GGML_MAX_NAME: a tensor name must be shorter (it is stored NUL-terminated in 64 bytes). */
export const GGML_MAX_NAME = 64;

/** A tensor as described in the header: name, innermost-first shape and ggml type id. */
export interface GgufTensorDescriptor {
  name: string;
  /** Dimensions innermost first (ggml's `ne`), e.g. `[n_embd, n_vocab]` for token_embd. */
  shape: readonly number[];
  type: number;
}

/** Where each tensor's data goes: `offset` is relative to the data section, as in the file. */
export interface GgufLayout {
  /** Header, metadata, tensor infos and padding up to the data section. */
  header: Buffer;
  alignment: number;
  tensors: readonly { name: string; offset: number; byteSize: number; elements: number }[];
  /** Total file size. */
  fileSize: number;
}

const INT_RANGES: Partial<Record<GgufValueTypeName, readonly [number, number]>> = {
  u8: [0, 0xff],
  i8: [-0x80, 0x7f],
  u16: [0, 0xffff],
  i16: [-0x8000, 0x7fff],
  u32: [0, 0xffffffff],
  i32: [-0x80000000, 0x7fffffff],
};

class ByteBuilder {
  private buffer = Buffer.alloc(1 << 16);
  length = 0;

  private reserve(bytes: number): number {
    if (this.length + bytes > this.buffer.length) {
      const grown = Buffer.alloc(Math.max(this.buffer.length * 2, this.length + bytes));
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
    const at = this.length;
    this.length += bytes;
    return at;
  }

  /** Reserves first, then writes: growing replaces this.buffer, so `this.buffer.write(v, this.reserve(n))` would hit the old one. */
  private put(bytes: number, write: (buffer: Buffer, at: number) => void): void {
    const at = this.reserve(bytes);
    write(this.buffer, at);
  }

  u32(value: number): void {
    this.put(4, (b, at) => b.writeUInt32LE(value, at));
  }

  u64(value: bigint | number): void {
    this.put(8, (b, at) => b.writeBigUInt64LE(BigInt(value), at));
  }

  string(value: string): void {
    const bytes = Buffer.from(value, 'utf8');
    this.u64(bytes.length);
    this.put(bytes.length, (b, at) => bytes.copy(b, at));
  }

  scalar(type: GgufValueTypeName, value: number | bigint | boolean | string, key: string): void {
    const range = INT_RANGES[type];
    if (range && (typeof value !== 'number' || !Number.isInteger(value) || value < range[0] || value > range[1])) {
      throw new RangeError(`Metadata "${key}": ${String(value)} does not fit ${type}.`);
    }
    switch (type) {
      case 'u8':
        return this.put(1, (b, at) => b.writeUInt8(value as number, at));
      case 'i8':
        return this.put(1, (b, at) => b.writeInt8(value as number, at));
      case 'u16':
        return this.put(2, (b, at) => b.writeUInt16LE(value as number, at));
      case 'i16':
        return this.put(2, (b, at) => b.writeInt16LE(value as number, at));
      case 'u32':
        return this.put(4, (b, at) => b.writeUInt32LE(value as number, at));
      case 'i32':
        return this.put(4, (b, at) => b.writeInt32LE(value as number, at));
      case 'f32':
        return this.put(4, (b, at) => b.writeFloatLE(value as number, at));
      case 'f64':
        return this.put(8, (b, at) => b.writeDoubleLE(value as number, at));
      case 'u64':
        return this.put(8, (b, at) => b.writeBigUInt64LE(value as bigint, at));
      case 'i64':
        return this.put(8, (b, at) => b.writeBigInt64LE(value as bigint, at));
      case 'bool':
        return this.put(1, (b, at) => b.writeUInt8(value === true ? 1 : 0, at));
      case 'string':
        return this.string(value as string);
      case 'array':
        throw new TypeError(`Metadata "${key}": an array is not a scalar.`);
      default:
        return type satisfies never;
    }
  }

  array(value: GgufArrayValue, key: string): void {
    if (value.lazy === true)
      throw new TypeError(
        `Metadata "${key}": its ${value.count} items were left in the file it was read from; read them (readGgufArrayItems) before writing it.`,
      );
    this.u32(GgufValueTypeId[value.itemType]);
    this.u64(value.value.length);
    for (const item of value.value) {
      if (value.itemType === 'array') this.array(item as GgufArrayValue, key);
      else this.scalar(value.itemType, item as number | bigint | boolean | string, key);
    }
  }

  value(value: GgufValue, key: string): void {
    this.u32(GgufValueTypeId[value.type]);
    if (value.type === 'array') this.array(value, key);
    else this.scalar(value.type, value.value, key);
  }

  padTo(alignment: number): void {
    this.reserve((alignment - (this.length % alignment)) % alignment);
  }

  finish(): Buffer {
    return this.buffer.subarray(0, this.length);
  }
}

function alignmentOf(metadata: GgufMetadata): number {
  const value = metadata.get('general.alignment');
  if (value === undefined) return GGUF_DEFAULT_ALIGNMENT;
  if (value.type !== 'u32' || value.value === 0 || (value.value & (value.value - 1)) !== 0) {
    throw new RangeError('Metadata "general.alignment" must be a u32 power of two.');
  }
  return value.value;
}

/**
 * Lays out a GGUF v3 file: encodes everything before the data section and places each tensor,
 * back to back in the given order, each padded to the alignment, as llama.cpp requires (it
 * rejects a tensor whose offset is not exactly where the previous one's padded data ends).
 */
export function encodeGgufHeader(metadata: GgufMetadata, tensors: readonly GgufTensorDescriptor[]): GgufLayout {
  const alignment = alignmentOf(metadata);
  const out = new ByteBuilder();
  out.u32(0x46554747); // "GGUF" read as a little-endian u32
  out.u32(GGUF_VERSION);
  out.u64(tensors.length);
  out.u64(metadata.size);
  for (const [key, value] of metadata) {
    out.string(key);
    out.value(value, key);
  }
  const placed: { name: string; offset: number; byteSize: number; elements: number }[] = [];
  let offset = 0;
  for (const tensor of tensors) {
    const found = ggmlTypeInfo(tensor.type);
    if (found.kind !== 'known') throw new RangeError(`Tensor "${tensor.name}": unsupported ggml type ${tensor.type}.`);
    if (Buffer.byteLength(tensor.name) >= GGML_MAX_NAME)
      throw new RangeError(`Tensor name "${tensor.name}" is ${GGML_MAX_NAME} bytes or longer.`);
    if (tensor.shape.length < 1 || tensor.shape.length > 4 || tensor.shape.some((d) => !Number.isSafeInteger(d) || d < 1)) {
      throw new RangeError(`Tensor "${tensor.name}": shape [${tensor.shape.join(', ')}] must have 1 to 4 positive dimensions.`);
    }
    if ((tensor.shape[0] ?? 0) % found.info.blockSize !== 0) {
      throw new RangeError(
        `Tensor "${tensor.name}": rows of ${tensor.shape[0]} values are not whole ${found.info.name} blocks of ${found.info.blockSize}.`,
      );
    }
    out.string(tensor.name);
    out.u32(tensor.shape.length);
    for (const dim of tensor.shape) out.u64(dim);
    out.u32(tensor.type);
    out.u64(offset);
    const byteSize = tensorByteSize(found.info, tensor.shape);
    placed.push({ name: tensor.name, offset, byteSize, elements: tensor.shape.reduce((a, b) => a * b, 1) });
    offset += Math.ceil(byteSize / alignment) * alignment;
  }
  out.padTo(alignment);
  const header = out.finish();
  return { header, alignment, tensors: placed, fileSize: header.length + offset };
}
