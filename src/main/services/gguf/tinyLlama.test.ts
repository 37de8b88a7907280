import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { GgmlType, ggmlTypeInfo, tensorByteSize, type WritableGgmlType } from './ggmlTypes';
import { readGgufHeader, readTensorBytes, type GgufHeader } from './GgufReader';
import { ggufNumber } from './ggufValue';
import { writeGguf } from './GgufWriter';
import { decodeTensorData } from './tensorData';
import {
  FIXTURE_QUANTS,
  FIXTURE_VERSION,
  tinyLlamaFileName,
  tinyLlamaParamCount,
  writeTinyLlama,
  type FixtureQuant,
  type WrittenFixture,
} from './tinyLlama';
import { validateGguf } from './validateGguf';

let dir: string;
let written: WrittenFixture[];
const pathOf = (quant: FixtureQuant, folder = dir): string => path.join(folder, tinyLlamaFileName('tiny', quant));

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'evalbench-tiny-llama-'));
  written = await writeTinyLlama({ size: 'tiny', paths: Object.fromEntries(FIXTURE_QUANTS.map((q) => [q, pathOf(q)])) });
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function headerOf(file: string): Promise<GgufHeader> {
  const read = await readGgufHeader(file);
  if (!read.ok) throw new Error(read.problem.message);
  return read.header;
}

async function tensorValues(file: string, header: GgufHeader, name: string): Promise<Float32Array> {
  const tensor = header.tensors.find((t) => t.name === name);
  const found = tensor && ggmlTypeInfo(tensor.type);
  if (!tensor || found?.kind !== 'known') throw new Error(`no tensor ${name}`);
  const bytes = await readTensorBytes(file, tensor, tensorByteSize(found.info, tensor.shape));
  return decodeTensorData(tensor.type as WritableGgmlType, bytes);
}

const sha = async (file: string): Promise<string> =>
  createHash('sha256')
    .update(await fs.readFile(file))
    .digest('hex');

test('writes four valid files of one ~150k-parameter model, smaller as the precision drops', async () => {
  expect(written.map((w) => w.quant)).toEqual(['f32', 'f16', 'q8_0', 'q4_0']);
  expect(new Set(written.map((w) => w.params))).toEqual(new Set([tinyLlamaParamCount('tiny')]));
  expect(tinyLlamaParamCount('tiny')).toBeGreaterThan(100_000);
  expect(tinyLlamaParamCount('tiny')).toBeLessThan(200_000);
  const sizes = written.map((w) => w.bytes);
  expect([...sizes].sort((a, b) => b - a)).toEqual(sizes);
  for (const w of written) {
    expect((await fs.stat(w.path)).size).toBe(w.bytes);
    expect((await validateGguf(w.path)).problems).toEqual([]);
  }
});

test('the bench size has about 25M parameters', () => {
  expect(tinyLlamaParamCount('bench')).toBeGreaterThan(24_000_000);
  expect(tinyLlamaParamCount('bench')).toBeLessThan(26_000_000);
});

test('is deterministic: a second run writes byte-identical files', async () => {
  const again = await fs.mkdtemp(path.join(os.tmpdir(), 'evalbench-tiny-llama-again-'));
  try {
    await writeTinyLlama({ size: 'tiny', paths: Object.fromEntries(FIXTURE_QUANTS.map((q) => [q, pathOf(q, again)])) });
    for (const quant of FIXTURE_QUANTS) expect(await sha(pathOf(quant, again))).toBe(await sha(pathOf(quant)));
  } finally {
    await fs.rm(again, { recursive: true, force: true });
  }
});

test('the bytes are pinned: a change to them must come with a new FIXTURE_VERSION, or caches keep stale files', async () => {
  // When this fails on purpose: bump FIXTURE_VERSION in tinyLlama.ts, then paste the new hashes here.
  expect(FIXTURE_VERSION).toBe('tiny-llama-2');
  const hashes = Object.fromEntries(await Promise.all(FIXTURE_QUANTS.map(async (q) => [q, await sha(pathOf(q))] as const)));
  expect(hashes).toEqual({
    f32: 'b9932ec790f52bd9a19e9aebd3f87dfb8ee6f6372e285f48a1d4d4cd9d74d9e5',
    f16: '2100273b20770cf26e1d724ac678b6e51266e06a30d367c1413c74f5d3c056d1',
    q8_0: 'a753fc9f132b0c62589a0c6f51d13361b58c3c3c60bb99d654c9101bf62eb7a6',
    q4_0: '29b4c7236216a828680364805e1acd0dcddf46c9640183c51838d87944d4841a',
  });
});

test('file types and tensor types follow llama.cpp conventions: norms F32, matrices in the file’s type', async () => {
  const expected: Record<FixtureQuant, [number, number]> = {
    f32: [0, GgmlType.F32],
    f16: [1, GgmlType.F16],
    q8_0: [7, GgmlType.Q8_0],
    q4_0: [2, GgmlType.Q4_0],
  };
  for (const quant of FIXTURE_QUANTS) {
    const header = await headerOf(pathOf(quant));
    const [fileType, matrixType] = expected[quant];
    expect(ggufNumber(header.metadata.get('general.file_type'))).toBe(fileType);
    for (const t of header.tensors) expect([t.name, t.type]).toEqual([t.name, t.shape.length === 1 ? GgmlType.F32 : matrixType]);
  }
});

describe('the four files hold the same weights', () => {
  test.each([
    ['f16', 1e-3],
    ['q8_0', 0.02],
    ['q4_0', 0.2],
  ] as const)('%s is within %d relative RMS of f32 for every tensor', async (quant, tolerance) => {
    const f32Header = await headerOf(pathOf('f32'));
    const header = await headerOf(pathOf(quant));
    for (const { name } of f32Header.tensors) {
      const reference = await tensorValues(pathOf('f32'), f32Header, name);
      const values = await tensorValues(pathOf(quant), header, name);
      let err = 0;
      let energy = 0;
      reference.forEach((r, i) => {
        err += (r - (values[i] ?? 0)) ** 2;
        energy += r * r;
      });
      expect(Math.sqrt(err / energy), name).toBeLessThan(tolerance);
    }
  });

  test('weights are varied, not constant: token embeddings differ between tokens', async () => {
    const header = await headerOf(pathOf('f32'));
    const embd = await tensorValues(pathOf('f32'), header, 'token_embd.weight');
    expect(embd.subarray(0, 64)).not.toEqual(embd.subarray(64, 128));
    expect(new Set(embd).size).toBeGreaterThan(embd.length * 0.9);
  });
});

test('reading a fixture and writing it back with our writer reproduces it byte for byte', async () => {
  const source = pathOf('f32');
  const header = await headerOf(source);
  const copy = path.join(dir, 'copy.gguf');
  const tensors = await Promise.all(
    header.tensors.map(async (t) => ({
      name: t.name,
      shape: t.shape,
      type: GgmlType.F32,
      data: await tensorValues(source, header, t.name),
    })),
  );
  await writeGguf(copy, header.metadata, tensors);
  expect(await sha(copy)).toBe(await sha(source));
});

test('an aborted write leaves no files behind', async () => {
  const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'evalbench-tiny-llama-abort-'));
  try {
    const controller = new AbortController();
    const run = writeTinyLlama({
      size: 'tiny',
      paths: { f32: path.join(folder, 'a.gguf'), q8_0: path.join(folder, 'b.gguf') },
      signal: controller.signal,
      onProgress: (fraction) => {
        if (fraction > 0.3) controller.abort();
      },
    });
    await expect(run).rejects.toThrow(/abort/i);
    expect(await fs.readdir(folder)).toEqual([]);
  } finally {
    await fs.rm(folder, { recursive: true, force: true });
  }
});
