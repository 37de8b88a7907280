import fs from 'node:fs/promises';
import path from 'node:path';
import { GGUF_DEFAULT_ALIGNMENT } from './encodeGgufHeader';
import { formatBytes, type GgufProblem } from './ggufProblem';
import { NotRegularFileError, openRegularFile, withDeadline } from './openRegularFile';
import { GgufValueTypeId, type GgufArrayValue, type GgufFixedItemType, type GgufValue, type GgufValueTypeName } from './ggufValue';

/** One tensor as the header describes it. */
export interface GgufTensorInfo {
  name: string;
  /** Dimensions innermost first (ggml's `ne`). */
  shape: number[];
  /** ggml type id (see ggmlTypes). */
  type: number;
  /** Offset of the data relative to the data section, as stored. */
  offset: number;
  /** Absolute position of the data in the file. */
  dataStart: number;
}

/** Everything before the tensor data of a GGUF file. */
export interface GgufHeader {
  version: number;
  /** Metadata in file order. */
  metadata: Map<string, GgufValue>;
  tensors: GgufTensorInfo[];
  alignment: number;
  /** Absolute position of the data section (after the tensor infos, aligned). */
  dataOffset: number;
  fileSize: number;
}

/** The header, or the one problem that stopped the reading. */
export type GgufReadResult = { ok: true; header: GgufHeader } | { ok: false; problem: GgufProblem };

const MAGIC = 0x46554747;
const MAX_STRING = 16 * 1024 * 1024; // far above any real key, token or chat template: a larger one means a corrupt length
/** The most header bytes held in memory at once (the windows read so far; the items of lazy arrays are never read). */
const MAX_HEADER = 1024 * 1024 * 1024;
const FIRST_READ = 1024 * 1024;
/** Arrays of fixed-size items longer than this are left in the file (GgufLazyArray): no real model has one. */
export const LAZY_ARRAY_ITEMS = 1024 * 1024;
/**
 * Items read into memory over all arrays of a header (strings, arrays of arrays and short fixed-size
 * arrays): ~10 times a real model's vocabulary, scores, token types and merges together. Past it a
 * header would take gigabytes as JS values; the file is refused instead.
 */
export const MAX_ARRAY_ITEMS = 8 * 1024 * 1024;
/** Separate stretches of the header read: each lazy array the parser skips costs one. */
const MAX_WINDOWS = 64;
/** A header is at most MAX_HEADER bytes from a local disk: far less than this, unless the file hangs (a network mount gone). */
const HEADER_TIMEOUT_MS = 60_000;
const VALUE_TYPE_NAMES = new Map<number, GgufValueTypeName>(
  Object.entries(GgufValueTypeId).map(([name, id]) => [id, name as GgufValueTypeName]),
);
const FIXED_SIZES: Partial<Record<GgufValueTypeName, number>> = {
  u8: 1,
  i8: 1,
  bool: 1,
  u16: 2,
  i16: 2,
  u32: 4,
  i32: 4,
  f32: 4,
  u64: 8,
  i64: 8,
  f64: 8,
};

/** Thrown inside the parser when `n` bytes at `at` are in the file but not among the bytes read so far. */
class NeedMoreBytes extends Error {
  constructor(
    readonly at: number,
    readonly n: number,
  ) {
    super(`need ${n} bytes at ${at}`);
  }
}

/** A stretch of the file read into memory. */
interface Window {
  start: number;
  bytes: Buffer;
  view: DataView;
}

function isFixedItemType(type: GgufValueTypeName): type is GgufFixedItemType {
  return FIXED_SIZES[type] !== undefined;
}
/** Thrown inside the parser to end it with a problem (returned, never thrown out of readGgufHeader). */
class Stop extends Error {
  constructor(readonly problem: GgufProblem) {
    super(problem.message);
  }
}

/**
 * A cursor over the stretches of a file read so far (windows); asks for more when it reaches bytes
 * it does not have. The items of a long fixed-size array are skipped, never read.
 */
class HeaderParser {
  private pos = 0;
  private window: Window;
  private items = 0;
  where = 'the header';

  constructor(
    private readonly windows: readonly Window[],
    private readonly fileSize: number,
    private readonly label: string,
  ) {
    this.window = windows[0] as Window;
  }

  get position(): number {
    return this.pos;
  }

  fail(code: GgufProblem['code'], message: string, hint: string): never {
    throw new Stop({ code, severity: 'error', message: `${this.label}: ${message}`, hint });
  }

  private truncatedUnless(end: number): void {
    if (end > this.fileSize) {
      this.fail(
        'truncated-header',
        `the file ends at byte ${formatBytes(this.fileSize)}, inside ${this.where}`,
        'The file is incomplete (truncated download or copy?). Download or copy it again.',
      );
    }
  }

  /** Takes `n` bytes; returns their index in `this.window`, which it may move to another window. */
  private need(n: number): number {
    const at = this.pos;
    this.truncatedUnless(at + n);
    let w = this.window;
    if (at < w.start || at + n > w.start + w.bytes.length) {
      const found = this.windows.find((c) => c.start <= at && at + n <= c.start + c.bytes.length);
      if (found === undefined) throw new NeedMoreBytes(at, n);
      w = this.window = found;
    }
    this.pos += n;
    return at - w.start;
  }

  u32(): number {
    const at = this.need(4);
    return this.window.view.getUint32(at, true);
  }

  u64(): number {
    const at = this.need(8);
    const value = this.window.view.getBigUint64(at, true);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) {
      this.fail('corrupt-header', `${this.where} holds the impossible count or size ${value}`, 'The file is damaged; download it again.');
    }
    return Number(value);
  }

  string(): string {
    const length = this.u64();
    if (length > MAX_STRING) {
      this.fail(
        'corrupt-header',
        `a string in ${this.where} claims ${formatBytes(length)} bytes`,
        'The file is damaged; download it again.',
      );
    }
    const at = this.need(length);
    return this.window.bytes.toString('utf8', at, at + length);
  }

  valueType(): GgufValueTypeName {
    const id = this.u32();
    const name = VALUE_TYPE_NAMES.get(id);
    if (name === undefined)
      this.fail('corrupt-header', `${this.where} has the unknown value type ${id}`, 'The file is damaged or from a newer GGUF version.');
    return name;
  }

  scalar(type: Exclude<GgufValueTypeName, 'array'>): GgufValue {
    if (type === 'string') return { type, value: this.string() };
    // The bytes first: taking them may move the window that `v` reads.
    const at = this.need(FIXED_SIZES[type] ?? 0);
    const v = this.window.view;
    switch (type) {
      case 'u8':
        return { type, value: v.getUint8(at) };
      case 'i8':
        return { type, value: v.getInt8(at) };
      case 'u16':
        return { type, value: v.getUint16(at, true) };
      case 'i16':
        return { type, value: v.getInt16(at, true) };
      case 'u32':
        return { type, value: v.getUint32(at, true) };
      case 'i32':
        return { type, value: v.getInt32(at, true) };
      case 'f32':
        return { type, value: v.getFloat32(at, true) };
      case 'f64':
        return { type, value: v.getFloat64(at, true) };
      case 'u64':
        return { type, value: v.getBigUint64(at, true) };
      case 'i64':
        return { type, value: v.getBigInt64(at, true) };
      case 'bool':
        return { type, value: v.getUint8(at) !== 0 };
      default:
        return type satisfies never;
    }
  }

  array(): GgufArrayValue {
    const itemType = this.valueType();
    const count = this.u64();
    const itemSize = FIXED_SIZES[itemType] ?? 8; // a string or array item takes at least its 8-byte length
    if (this.pos + count * itemSize > this.fileSize) {
      this.fail(
        'truncated-header',
        `the file ends at byte ${formatBytes(this.fileSize)}, inside ${this.where} (an array of ${formatBytes(count)} ${itemType} items that cannot fit)`,
        'The file is incomplete or damaged (truncated download?). Download it again.',
      );
    }
    if (isFixedItemType(itemType) && count > LAZY_ARRAY_ITEMS) {
      const offset = this.pos;
      this.pos += count * (FIXED_SIZES[itemType] ?? 1);
      return { type: 'array', itemType, lazy: true, count, offset };
    }
    this.items += count;
    if (this.items > MAX_ARRAY_ITEMS) {
      this.fail(
        'corrupt-header',
        `${this.where} is an array of ${formatBytes(count)} ${itemType} items, which brings the header's arrays past the ${formatBytes(MAX_ARRAY_ITEMS)} items Evalbench reads`,
        'No real model has arrays this long (a large vocabulary has a few hundred thousand tokens): the file is damaged or was made to be hostile.',
      );
    }
    if (itemType === 'array') {
      const value: GgufArrayValue[] = [];
      for (let i = 0; i < count; i++) value.push(this.array());
      return { type: 'array', itemType, value };
    }
    const items: (number | bigint | boolean | string)[] = [];
    for (let i = 0; i < count; i++) items.push((this.scalar(itemType) as Exclude<GgufValue, GgufArrayValue>).value);
    return { type: 'array', itemType, value: items } as GgufArrayValue;
  }

  value(): GgufValue {
    const type = this.valueType();
    return type === 'array' ? this.array() : this.scalar(type);
  }
}

function parse(windows: readonly Window[], fileSize: number, label: string): GgufHeader {
  // Typed explicitly so that `p.fail(...)` (returns never) narrows types after it.
  const p: HeaderParser = new HeaderParser(windows, fileSize, label);
  p.where = 'the magic number';
  if (fileSize < 4 || p.u32() !== MAGIC) {
    const start = (windows[0]?.bytes ?? Buffer.alloc(0)).toString('latin1', 0, 4).replace(/[^\x20-\x7e]/g, '.');
    p.fail(
      'bad-magic',
      `not a GGUF file (it starts with "${start}", not "GGUF")`,
      'Choose a .gguf model file; other formats (safetensors, .bin, a web page saved by mistake) must be converted or downloaded again.',
    );
  }
  p.where = 'the version number';
  const version = p.u32();
  if ((version & 0xffff) === 0 && version !== 0)
    p.fail(
      'unsupported-version',
      `GGUF version ${version} looks byte-swapped (a big-endian file)`,
      'Use a little-endian GGUF build of this model.',
    );
  if (version < 2 || version > 3) {
    p.fail(
      'unsupported-version',
      `GGUF version ${version} is not supported (llama.cpp reads versions 2 and 3)`,
      version < 2 ? 'Convert the model again with a current llama.cpp.' : 'Update Evalbench, or get a version 3 file.',
    );
  }
  p.where = 'the header';
  const tensorCount = p.u64();
  const kvCount = p.u64();
  const metadata = new Map<string, GgufValue>();
  for (let i = 0; i < kvCount; i++) {
    p.where = `metadata entry ${i + 1} of ${kvCount}`;
    const key = p.string();
    if (key === '') p.fail('corrupt-header', `metadata entry ${i + 1} has an empty key`, 'The file is damaged; download it again.');
    if (metadata.has(key))
      p.fail(
        'corrupt-header',
        `the metadata key "${key}" appears twice`,
        'llama.cpp refuses such files; the converter that made it is broken.',
      );
    p.where = `the value of "${key}"`;
    metadata.set(key, p.value());
  }
  const alignmentValue = metadata.get('general.alignment');
  let alignment = GGUF_DEFAULT_ALIGNMENT;
  if (alignmentValue !== undefined) {
    if (alignmentValue.type !== 'u32' || alignmentValue.value === 0 || (alignmentValue.value & (alignmentValue.value - 1)) !== 0) {
      p.fail(
        'bad-alignment',
        `"general.alignment" must be a u32 power of two`,
        'llama.cpp refuses this file; it was written by a broken converter.',
      );
    }
    alignment = alignmentValue.value;
  }
  const tensors: GgufTensorInfo[] = [];
  const names = new Set<string>();
  for (let i = 0; i < tensorCount; i++) {
    p.where = `tensor info ${i + 1} of ${tensorCount}`;
    const name = p.string();
    if (names.has(name))
      p.fail(
        'corrupt-header',
        `the tensor name "${name}" appears twice`,
        'llama.cpp refuses such files; the converter that made it is broken.',
      );
    names.add(name);
    p.where = `the tensor info of "${name}"`;
    const dims = p.u32();
    if (dims > 4)
      p.fail('corrupt-header', `tensor "${name}" has ${dims} dimensions (at most 4)`, 'The file is damaged; download it again.');
    const shape: number[] = [];
    for (let d = 0; d < dims; d++) shape.push(p.u64());
    const type = p.u32();
    const offset = p.u64();
    tensors.push({ name, shape, type, offset, dataStart: 0 });
  }
  const dataOffset = tensorCount > 0 ? Math.ceil(p.position / alignment) * alignment : p.position;
  for (const tensor of tensors) tensor.dataStart = dataOffset + tensor.offset;
  return { version, metadata, tensors, alignment, dataOffset, fileSize };
}

/**
 * Reads and checks the structure of a GGUF file's header without loading tensor data: magic,
 * version, every metadata value and tensor info, each checked against the real file size, so a file
 * cut inside its metadata is reported rather than half-read. Only a regular file is read (opened
 * non-blocking, so a FIFO named .gguf cannot hang it), within a time limit. Never throws for a bad file.
 */
export function readGgufHeader(filePath: string, timeoutMs = HEADER_TIMEOUT_MS): Promise<GgufReadResult> {
  const label = path.basename(filePath);
  return withDeadline(readHeader(filePath, label), timeoutMs, `reading its header took longer than ${timeoutMs / 1000} s`).catch(
    (error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      return {
        ok: false,
        problem: {
          code: 'file-unreadable',
          severity: 'error',
          message: `${label}: cannot be read (${reason})`,
          hint: 'Check that the file exists, that it is a .gguf model file on a working disk, and that you may read it.',
        },
      };
    },
  );
}

async function readHeader(filePath: string, label: string): Promise<GgufReadResult> {
  let file: fs.FileHandle | undefined;
  try {
    const opened = await openRegularFile(filePath);
    file = opened.handle;
    const { size } = opened;
    const handle = file;
    const windows: Window[] = [];
    const readWindow = async (start: number, length: number): Promise<void> => {
      const bytes = Buffer.alloc(length);
      await handle.read(bytes, 0, length, start);
      windows.push({ start, bytes, view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
    };
    await readWindow(0, Math.min(size, FIRST_READ));
    for (;;) {
      try {
        return { ok: true, header: parse(windows, size, label) };
      } catch (signal) {
        if (signal instanceof Stop) return { ok: false, problem: signal.problem };
        if (!(signal instanceof NeedMoreBytes)) throw signal;
        // Reading on from a window doubles it (a few passes for any header); a jump past a lazy array starts a new one.
        const grown = windows.findIndex((w) => w.start <= signal.at && signal.at <= w.start + w.bytes.length);
        let start = signal.at;
        let length = Math.max(FIRST_READ, signal.n);
        if (grown >= 0) {
          const w = windows.splice(grown, 1)[0] as Window;
          start = w.start;
          length = Math.max(w.bytes.length * 2, signal.at + signal.n - start + FIRST_READ);
        }
        length = Math.min(length, size - start);
        const held = windows.reduce((sum, w) => sum + w.bytes.length, 0) + length;
        if (held > MAX_HEADER) {
          return {
            ok: false,
            problem: {
              code: 'corrupt-header',
              severity: 'error',
              message: `${label}: the header claims more than ${formatBytes(MAX_HEADER)} bytes of metadata`,
              hint: 'The file is damaged; download it again.',
            },
          };
        }
        if (windows.length >= MAX_WINDOWS) {
          return {
            ok: false,
            problem: {
              code: 'corrupt-header',
              severity: 'error',
              message: `${label}: the header has more than ${MAX_WINDOWS} arrays of over ${formatBytes(LAZY_ARRAY_ITEMS)} items`,
              hint: 'No real model has such arrays: the file is damaged; download it again.',
            },
          };
        }
        await readWindow(start, length);
      }
    }
  } catch (error) {
    if (error instanceof NotRegularFileError) {
      return {
        ok: false,
        problem: {
          code: 'file-unreadable',
          severity: 'error',
          message: `${error.message}, so it cannot be a model`,
          hint: 'Choose the .gguf file itself, not a pipe, a device or a link to one.',
        },
      };
    }
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      problem: {
        code: 'file-unreadable',
        severity: 'error',
        message: `${label}: cannot be read (${reason})`,
        hint: 'Check that the file exists and that you may read it.',
      },
    };
  } finally {
    await file?.close();
  }
}

/**
 * The raw bytes of one tensor's data (`byteSize` from ggmlTypes' tensorByteSize). Throws when the
 * file is shorter than the header says: run validateGguf first.
 */
export async function readTensorBytes(filePath: string, tensor: GgufTensorInfo, byteSize: number): Promise<Uint8Array> {
  const file = (await openRegularFile(filePath)).handle;
  try {
    const bytes = new Uint8Array(byteSize);
    const { bytesRead } = await file.read(bytes, 0, byteSize, tensor.dataStart);
    if (bytesRead !== byteSize)
      throw new Error(`${path.basename(filePath)}: tensor "${tensor.name}" is cut short (${bytesRead} of ${byteSize} bytes).`);
    return bytes;
  } finally {
    await file.close();
  }
}
