import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectModel } from '../models/inspectModel';
import { readGgufHeader } from './GgufReader';
import { GgufValueTypeId } from './ggufValue';
import { readGgufArrayItems } from './readGgufArrayItems';
import { writeVariant } from './testing/writeVariant';
import { writeTinyLlama } from './tinyLlama';
import { validateGguf } from './validateGguf';

const ITEMS = 256 * 1024 * 1024;
const PREAMBLE = 24; // magic, version, tensor count, metadata count
let dir: string;
let good: Buffer;

/**
 * A copy of `source` (the tiny fixture by default) with one more metadata entry first: an array of
 * `count` items of `itemType`, its items left as a hole (a sparse file: hundreds of MiB announced,
 * a few KiB on disk) except `tail`, written over its last bytes. 64 zero bytes at the end keep
 * every tensor inside the file whatever padding the longer header needs.
 */
async function withHugeArray(
  name: string,
  key: string,
  itemType: number,
  count: number,
  itemSize: number,
  options: { tail?: Buffer; source?: Buffer } = {},
): Promise<string> {
  const source = options.source ?? good;
  const tail = options.tail ?? Buffer.alloc(0);
  const file = path.join(dir, name);
  const keyBytes = Buffer.from(key, 'utf8');
  const entry = Buffer.alloc(24 + keyBytes.length);
  entry.writeBigUInt64LE(BigInt(keyBytes.length), 0);
  keyBytes.copy(entry, 8);
  entry.writeUInt32LE(GgufValueTypeId.array, 8 + keyBytes.length);
  entry.writeUInt32LE(itemType, 12 + keyBytes.length);
  entry.writeBigUInt64LE(BigInt(count), 16 + keyBytes.length);
  const preamble = Buffer.from(source.subarray(0, PREAMBLE));
  preamble.writeBigUInt64LE(preamble.readBigUInt64LE(16) + 1n, 16);
  const itemsEnd = PREAMBLE + entry.length + count * itemSize;
  const handle = await fs.open(file, 'w');
  try {
    await handle.write(Buffer.concat([preamble, entry]), 0, PREAMBLE + entry.length, 0);
    if (tail.length > 0) await handle.write(tail, 0, tail.length, itemsEnd - tail.length);
    await handle.write(Buffer.concat([source.subarray(PREAMBLE), Buffer.alloc(64)]), 0, source.length - PREAMBLE + 64, itemsEnd);
  } finally {
    await handle.close();
  }
  return file;
}

/** Runs `work` while a 10 ms timer of this event loop records its longest gap. */
async function longestBlock<T>(work: () => Promise<T>): Promise<{ value: T; blockedMs: number }> {
  let last = performance.now();
  let blockedMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    blockedMs = Math.max(blockedMs, now - last - 10);
    last = now;
  }, 10);
  try {
    return { value: await work(), blockedMs };
  } finally {
    clearInterval(timer);
  }
}

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'evalbench-gguf-huge-'));
  const source = path.join(dir, 'tiny.gguf');
  await writeTinyLlama({ size: 'tiny', paths: { f32: source } });
  good = await fs.readFile(source);
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('huge GGUF metadata arrays (issue 13.6)', () => {
  it('reads a 256 Mi-item u8 array as its type and count only, quickly, without blocking or holding its bytes', async () => {
    const file = await withHugeArray('huge-u8.gguf', 'x.big.u8', GgufValueTypeId.u8, ITEMS, 1, { tail: Buffer.from([1, 2, 3, 4]) });
    expect((await fs.stat(file)).size).toBeGreaterThan(ITEMS);
    const heapBefore = process.memoryUsage();
    const { value: checked, blockedMs } = await longestBlock(() => validateGguf(file));
    const heapAfter = process.memoryUsage();
    expect(checked.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(checked.ok).toBe(true);
    expect(blockedMs).toBeLessThan(1_000);
    // Neither the items as JS values nor their bytes stay (or were ever) in memory.
    expect(heapAfter.heapUsed + heapAfter.arrayBuffers - heapBefore.heapUsed - heapBefore.arrayBuffers).toBeLessThan(64 * 1024 * 1024);
    const big = checked.header?.metadata.get('x.big.u8');
    expect(big).toMatchObject({ type: 'array', itemType: 'u8', lazy: true, count: ITEMS, offset: PREAMBLE + 32 });
    // The tensors after it are found where they are.
    expect(checked.header?.tensors.length).toBeGreaterThan(0);

    // Contents on demand: the last four items are the bytes written there.
    if (big?.type !== 'array' || big.lazy !== true) throw new Error('not a lazy array');
    expect(await readGgufArrayItems(file, big, ITEMS - 4, 4)).toEqual([1, 2, 3, 4]);
    await expect(readGgufArrayItems(file, big, ITEMS - 2, 4)).rejects.toThrow(/items 268435454…268435457 of an array of 268,435,456/);

    // What `evalbench inspect` runs.
    const inspection = await inspectModel({ path: file, parts: [file] });
    expect(inspection.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(inspection.metadata?.architecture).toBe('llama');
  });

  it('refuses a huge string array cleanly, naming the file, instead of building a quarter-billion JS strings', async () => {
    // 256 Mi empty strings: 2 GiB of lengths (a hole), which the reader must not walk into memory.
    const file = await withHugeArray('huge-strings.gguf', 'x.big.st', GgufValueTypeId.string, ITEMS, 8);
    const { value: read, blockedMs } = await longestBlock(() => readGgufHeader(file));
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.problem.message).toMatch(/^huge-strings\.gguf: the value of "x\.big\.st" .*268,435,456 string items/);
    expect(blockedMs).toBeLessThan(1_000);
  });

  it('reads the token types the vocabulary checks need from a lazy array, on demand', async () => {
    // A token-type array of 2 Mi entries (a hole of zeros), far longer than the vocabulary: only
    // its first entries are read, and they type the byte tokens 0, not 6 (bytes), which is warned.
    const untyped = path.join(dir, 'untyped.gguf');
    await writeVariant(path.join(dir, 'tiny.gguf'), untyped, (metadata) => metadata.delete('tokenizer.ggml.token_type'));
    const file = await withHugeArray('huge-types.gguf', 'tokenizer.ggml.token_type', GgufValueTypeId.i32, 2 * 1024 * 1024, 4, {
      source: await fs.readFile(untyped),
    });
    const checked = await validateGguf(file);
    expect(checked.header?.metadata.get('tokenizer.ggml.token_type')).toMatchObject({ lazy: true, count: 2 * 1024 * 1024 });
    expect(checked.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(checked.problems.map((p) => p.message)).toContainEqual(
      expect.stringMatching(/^huge-types\.gguf: 256 byte tokens \(<0x00>…<0xFF>\) are not typed as bytes/),
    );
  });
});
