import fs from 'node:fs/promises';
import { encodeGgufHeader, type GgufLayout } from './encodeGgufHeader';
import type { WritableGgmlType } from './ggmlTypes';
import type { GgufMetadata } from './ggufValue';
import { encodeTensorData } from './tensorData';

/** A tensor to write: data is given as float32 and encoded to `type` on the way out. */
export interface GgufTensorSpec {
  name: string;
  /** Dimensions innermost first (ggml's `ne`); the product is the number of values. */
  shape: readonly number[];
  type: WritableGgmlType;
}

/** A tensor with its values, or a function that makes them when the writer reaches it (keeps memory to one tensor). */
export interface GgufTensorWithData extends GgufTensorSpec {
  data: Float32Array | (() => Float32Array);
}

const ZEROS = new Uint8Array(4096);

/**
 * Streams a GGUF v3 file to disk: the header goes out on `create`, then each tensor in the
 * declared order through `writeTensor`, so only one tensor is in memory at a time.
 * On any failure call `abort()`, which closes and deletes the partial file.
 */
export class GgufWriter {
  private next = 0;
  private position = 0;

  private constructor(
    private readonly path: string,
    private readonly file: fs.FileHandle,
    private readonly layout: GgufLayout,
    private readonly specs: readonly GgufTensorSpec[],
  ) {}

  /** Opens (truncating) `path` and writes everything up to the data section. */
  static async create(path: string, metadata: GgufMetadata, tensors: readonly GgufTensorSpec[]): Promise<GgufWriter> {
    const layout = encodeGgufHeader(metadata, tensors);
    const writer = new GgufWriter(path, await fs.open(path, 'w'), layout, tensors);
    try {
      await writer.append(layout.header);
    } catch (error) {
      await writer.abort();
      throw error;
    }
    return writer;
  }

  /** The file size once every tensor is written. */
  get fileSize(): number {
    return this.layout.fileSize;
  }

  /** Encodes and appends the next tensor; `name` must be the next one declared. */
  async writeTensor(name: string, values: Float32Array): Promise<void> {
    const spec = this.specs[this.next];
    const placed = this.layout.tensors[this.next];
    if (!spec || !placed) throw new Error(`GgufWriter: tensor "${name}" was not declared (all ${this.specs.length} are written).`);
    if (spec.name !== name) throw new Error(`GgufWriter: expected tensor "${spec.name}" next, got "${name}".`);
    if (values.length !== placed.elements)
      throw new RangeError(`GgufWriter: tensor "${name}" needs ${placed.elements} values, got ${values.length}.`);
    const bytes = encodeTensorData(spec.type, values);
    await this.append(bytes);
    let padding =
      this.layout.header.length +
      placed.offset +
      Math.ceil(placed.byteSize / this.layout.alignment) * this.layout.alignment -
      this.position;
    while (padding > 0) {
      const chunk = Math.min(padding, ZEROS.length);
      await this.append(ZEROS.subarray(0, chunk));
      padding -= chunk;
    }
    this.next++;
  }

  private async append(bytes: Uint8Array): Promise<void> {
    let done = 0;
    while (done < bytes.length) {
      const { bytesWritten } = await this.file.write(bytes, done, bytes.length - done, this.position);
      done += bytesWritten;
      this.position += bytesWritten;
    }
  }

  /** Finishes the file; throws (and deletes it) when a declared tensor was never written. */
  async close(): Promise<number> {
    if (this.next !== this.specs.length) {
      await this.abort();
      throw new Error(`GgufWriter: only ${this.next} of ${this.specs.length} tensors were written to ${this.path}.`);
    }
    await this.file.close();
    return this.position;
  }

  /** Closes and deletes the partial file. Safe to call after a failed write. */
  async abort(): Promise<void> {
    await this.file.close().catch(() => undefined);
    await fs.rm(this.path, { force: true });
  }
}

/** Writes a whole GGUF file in one call; returns its size in bytes. */
export async function writeGguf(path: string, metadata: GgufMetadata, tensors: readonly GgufTensorWithData[]): Promise<number> {
  const writer = await GgufWriter.create(path, metadata, tensors);
  try {
    for (const tensor of tensors) {
      await writer.writeTensor(tensor.name, typeof tensor.data === 'function' ? tensor.data() : tensor.data);
    }
    return await writer.close();
  } catch (error) {
    await writer.abort();
    throw error;
  }
}
