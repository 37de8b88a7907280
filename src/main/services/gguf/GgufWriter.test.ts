import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { encodeGgufHeader } from './encodeGgufHeader';
import { GgmlType, ggmlTypeInfo, tensorByteSize } from './ggmlTypes';
import { readGgufHeader, readTensorBytes, type GgufHeader } from './GgufReader';
import { ggufValue, type GgufValue } from './ggufValue';
import { GgufWriter, writeGguf } from './GgufWriter';
import { decodeTensorData } from './tensorData';

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'evalbench-gguf-writer-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function headerOf(file: string): Promise<GgufHeader> {
  const read = await readGgufHeader(file);
  if (!read.ok) throw new Error(read.problem.message);
  return read.header;
}

const everyType = new Map<string, GgufValue>([
  ['t.u8', ggufValue.u8(255)],
  ['t.i8', ggufValue.i8(-128)],
  ['t.u16', ggufValue.u16(65535)],
  ['t.i16', ggufValue.i16(-32768)],
  ['t.u32', ggufValue.u32(4294967295)],
  ['t.i32', ggufValue.i32(-2147483648)],
  ['t.f32', ggufValue.f32(1.5)],
  ['t.f64', ggufValue.f64(Math.PI)],
  ['t.u64', ggufValue.u64(2n ** 64n - 1n)],
  ['t.i64', ggufValue.i64(-(2n ** 63n))],
  ['t.bool', ggufValue.bool(true)],
  ['t.string', ggufValue.string('héllo ▁ 世界')],
  ['t.empty', ggufValue.string('')],
  ['t.arr.u8', ggufValue.numbers('u8', [0, 1, 255])],
  ['t.arr.i32', ggufValue.numbers('i32', [-1, 0, 1])],
  ['t.arr.f32', ggufValue.numbers('f32', [0.25, -2])],
  ['t.arr.u64', ggufValue.bigints('u64', [1n, 2n ** 40n])],
  ['t.arr.bool', ggufValue.bools([true, false])],
  ['t.arr.string', ggufValue.strings(['<s>', '', '▁the'])],
  ['t.arr.empty', ggufValue.strings([])],
  ['t.arr.nested', { type: 'array', itemType: 'array', value: [{ type: 'array', itemType: 'u16', value: [7, 8] }] }],
]);

describe('writeGguf + readGgufHeader', () => {
  test('every metadata value type comes back with its type and value', async () => {
    const file = path.join(dir, 'types.gguf');
    await writeGguf(file, everyType, []);
    const header = await headerOf(file);
    expect(header.version).toBe(3);
    expect([...header.metadata.keys()]).toEqual([...everyType.keys()]);
    expect(header.metadata).toEqual(everyType);
  });

  test('a header larger than the writer’s first buffer and the reader’s first read (1 MiB) round-trips', async () => {
    const tokens = Array.from({ length: 120_000 }, (_, i) => `token-${i}`);
    const file = path.join(dir, 'big.gguf');
    await writeGguf(file, new Map([['tokenizer.ggml.tokens', ggufValue.strings(tokens)]]), []);
    const value = (await headerOf(file)).metadata.get('tokenizer.ggml.tokens');
    expect(value?.type === 'array' && value.itemType === 'string' ? value.value : []).toEqual(tokens);
    expect((await fs.stat(file)).size).toBeGreaterThan(1024 * 1024);
  });

  test('tensors are placed back to back, aligned, and their data decodes to what was written', async () => {
    const file = path.join(dir, 'tensors.gguf');
    const a = Float32Array.from({ length: 5 }, (_, i) => i - 2);
    const b = Float32Array.from({ length: 64 }, (_, i) => Math.sin(i));
    const bytes = await writeGguf(file, new Map([['general.name', ggufValue.string('t')]]), [
      { name: 'a', shape: [5], type: GgmlType.F32, data: a },
      { name: 'b16', shape: [32, 2], type: GgmlType.F16, data: b },
      { name: 'b8', shape: [32, 2], type: GgmlType.Q8_0, data: () => b },
      { name: 'b4', shape: [64], type: GgmlType.Q4_0, data: b },
    ]);
    const header = await headerOf(file);
    expect(bytes).toBe(header.fileSize);
    expect(header.dataOffset % 32).toBe(0);
    // 20 bytes of F32 pad to 32; 64 F16 values are 128 bytes; 2 Q8_0 blocks 68 → 96.
    expect(header.tensors.map((t) => [t.name, t.offset, t.shape])).toEqual([
      ['a', 0, [5]],
      ['b16', 32, [32, 2]],
      ['b8', 160, [32, 2]],
      ['b4', 256, [64]],
    ]);
    const decoded = async (index: number): Promise<Float32Array> => {
      const tensor = header.tensors[index];
      if (!tensor) throw new Error(`no tensor ${index}`);
      const found = ggmlTypeInfo(tensor.type);
      if (found.kind !== 'known') throw new Error(`unknown type ${tensor.type}`);
      const raw = await readTensorBytes(file, tensor, tensorByteSize(found.info, tensor.shape));
      return decodeTensorData(tensor.type as 0 | 1 | 2 | 8, raw);
    };
    expect([...(await decoded(0))]).toEqual([...a]);
    (await decoded(1)).forEach((v, i) => expect(v).toBeCloseTo(b[i] ?? NaN, 3));
    (await decoded(2)).forEach((v, i) => expect(Math.abs(v - (b[i] ?? NaN))).toBeLessThan(0.005));
    (await decoded(3)).forEach((v, i) => expect(Math.abs(v - (b[i] ?? NaN))).toBeLessThan(0.13));
  });

  test('general.alignment sets the padding of the data section and of each tensor', async () => {
    const file = path.join(dir, 'aligned.gguf');
    await writeGguf(file, new Map([['general.alignment', ggufValue.u32(64)]]), [
      { name: 'a', shape: [3], type: GgmlType.F32, data: new Float32Array(3) },
      { name: 'b', shape: [3], type: GgmlType.F32, data: new Float32Array(3) },
    ]);
    const header = await headerOf(file);
    expect(header.alignment).toBe(64);
    expect(header.dataOffset % 64).toBe(0);
    expect(header.tensors[1]?.offset).toBe(64);
    expect(header.fileSize).toBe(header.dataOffset + 128);
  });
});

describe('encodeGgufHeader refuses what llama.cpp would refuse', () => {
  test.each([
    ['a value that does not fit its type', new Map([['x', ggufValue.u8(256)]]), [], /"x": 256 does not fit u8/],
    ['a non-integer integer', new Map([['x', ggufValue.i32(1.5)]]), [], /does not fit i32/],
    ['an alignment that is not a power of two', new Map([['general.alignment', ggufValue.u32(24)]]), [], /power of two/],
    ['a Q8_0 row that is not whole blocks', new Map(), [{ name: 'w', shape: [40, 2], type: GgmlType.Q8_0 }], /not whole Q8_0 blocks of 32/],
    ['a name of 64 bytes', new Map(), [{ name: 'n'.repeat(64), shape: [1], type: GgmlType.F32 }], /64 bytes or longer/],
    ['five dimensions', new Map(), [{ name: 'w', shape: [1, 1, 1, 1, 1], type: GgmlType.F32 }], /1 to 4 positive dimensions/],
  ])('%s', (_label, metadata, tensors, message) => {
    expect(() => encodeGgufHeader(metadata as Map<string, GgufValue>, tensors)).toThrow(message);
  });
});

describe('GgufWriter', () => {
  const specs = [
    { name: 'a', shape: [4], type: GgmlType.F32 },
    { name: 'b', shape: [4], type: GgmlType.F32 },
  ] as const;

  test('insists on the declared order and sizes', async () => {
    const file = path.join(dir, 'order.gguf');
    const writer = await GgufWriter.create(file, new Map(), specs);
    await expect(writer.writeTensor('b', new Float32Array(4))).rejects.toThrow(/expected tensor "a" next, got "b"/);
    await expect(writer.writeTensor('a', new Float32Array(3))).rejects.toThrow(/needs 4 values, got 3/);
    await writer.abort();
    await expect(fs.stat(file)).rejects.toThrow(/ENOENT/);
  });

  test('close() with a tensor missing deletes the partial file', async () => {
    const file = path.join(dir, 'partial.gguf');
    const writer = await GgufWriter.create(file, new Map(), specs);
    await writer.writeTensor('a', new Float32Array(4));
    await expect(writer.close()).rejects.toThrow(/only 1 of 2 tensors/);
    await expect(fs.stat(file)).rejects.toThrow(/ENOENT/);
  });

  test('a complete file is exactly as long as planned', async () => {
    const file = path.join(dir, 'complete.gguf');
    const writer = await GgufWriter.create(file, new Map(), specs);
    await writer.writeTensor('a', new Float32Array(4));
    await writer.writeTensor('b', new Float32Array(4));
    const size = await writer.close();
    expect(size).toBe(writer.fileSize);
    expect((await fs.stat(file)).size).toBe(size);
  });
});
