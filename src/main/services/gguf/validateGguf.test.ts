import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { GgmlType } from './ggmlTypes';
import type { GgufProblem } from './ggufProblem';
import type { GgufTensorInfo } from './GgufReader';
import { ggufValue, type GgufValue } from './ggufValue';
import { writeGguf } from './GgufWriter';
import { writeVariant } from './testing/writeVariant';
import { writeTinyLlama } from './tinyLlama';
import { validateGguf } from './validateGguf';

let dir: string;
let good: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'evalbench-gguf-validate-'));
  good = path.join(dir, 'tiny.gguf');
  await writeTinyLlama({ size: 'tiny', paths: { f32: good } });
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** Writes a variant of the good file with edited metadata and tensor list (tensor data is zeros). */
function variant(name: string, edit: (metadata: Map<string, GgufValue>, tensors: GgufTensorInfo[]) => void): Promise<string> {
  return writeVariant(good, path.join(dir, name), edit);
}

async function patched(name: string, patch: (bytes: Buffer) => Buffer): Promise<string> {
  const file = path.join(dir, name);
  await fs.writeFile(file, patch(await fs.readFile(good)));
  return file;
}

async function problemsOf(file: string): Promise<GgufProblem[]> {
  return (await validateGguf(file)).problems;
}

function errorsOf(problems: GgufProblem[]): GgufProblem[] {
  return problems.filter((p) => p.severity === 'error');
}

test('the generated fixture passes with no problem at all', async () => {
  const result = await validateGguf(good);
  expect(result.problems).toEqual([]);
  expect(result.ok).toBe(true);
});

describe('structure', () => {
  test('a missing file', async () => {
    const [problem] = await problemsOf(path.join(dir, 'nope.gguf'));
    expect(problem?.code).toBe('file-unreadable');
    expect(problem?.message).toMatch(/^nope\.gguf: cannot be read \(ENOENT/);
  });

  test('wrong magic names what the file starts with', async () => {
    const file = await patched('zip.gguf', (b) => Buffer.concat([Buffer.from('PK\x03\x04'), b.subarray(4)]));
    const problems = await problemsOf(file);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.code).toBe('bad-magic');
    expect(problems[0]?.message).toBe('zip.gguf: not a GGUF file (it starts with "PK..", not "GGUF")');
  });

  test('an empty file', async () => {
    const file = await patched('empty.gguf', () => Buffer.alloc(0));
    expect((await problemsOf(file))[0]?.code).toBe('bad-magic');
  });

  test.each([
    [1, /GGUF version 1 is not supported/],
    [4, /GGUF version 4 is not supported/],
    [0x03000000, /looks byte-swapped \(a big-endian file\)/],
  ])('version %i', async (version, message) => {
    const file = await patched(`v${version}.gguf`, (b) => {
      const copy = Buffer.from(b);
      copy.writeUInt32LE(version, 4);
      return copy;
    });
    const [problem] = await problemsOf(file);
    expect(problem?.code).toBe('unsupported-version');
    expect(problem?.message).toMatch(message);
  });

  test('a file cut inside its metadata says where it ends', async () => {
    const file = await patched('cut-meta.gguf', (b) => b.subarray(0, 5000));
    const problems = await problemsOf(file);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.code).toBe('truncated-header');
    // 5,000 bytes end inside the vocabulary: its item count alone shows it cannot fit.
    expect(problems[0]?.message).toBe(
      'cut-meta.gguf: the file ends at byte 5,000, inside the value of "tokenizer.ggml.tokens" (an array of 626 string items that cannot fit)',
    );
    const cutInString = await patched('cut-string.gguf', (b) => b.subarray(0, 9000));
    expect((await problemsOf(cutInString))[0]?.message).toBe(
      'cut-string.gguf: the file ends at byte 9,000, inside the value of "tokenizer.ggml.tokens"',
    );
  });

  test('a file cut inside the tensor data names the first tensor that no longer fits', async () => {
    const size = (await fs.stat(good)).size;
    const file = await patched('cut-data.gguf', (b) => b.subarray(0, size - 50_000));
    const problems = errorsOf(await problemsOf(file));
    expect(problems.every((p) => p.code === 'tensor-out-of-bounds')).toBe(true);
    expect(problems[0]?.message).toMatch(
      /^cut-data\.gguf: tensor "output\.weight" data ends at byte [\d,]+ but the file has [\d,]+ bytes \(truncated download\?\)$/,
    );
    expect(problems[0]?.message).toContain(`the file has ${(size - 50_000).toLocaleString('en-US')} bytes`);
  });

  test('a tensor offset that is not where llama.cpp expects it', async () => {
    // Two F32 tensors of 32 values; the second's offset field sits at byte 82 (see the layout below).
    const file = path.join(dir, 'offset.gguf');
    await writeGguf(file, new Map([['general.architecture', ggufValue.string('gpt2')]]), [
      { name: 'a', shape: [32], type: GgmlType.F32, data: new Float32Array(32) },
      { name: 'b', shape: [32], type: GgmlType.F32, data: new Float32Array(32) },
    ]);
    const bytes = await fs.readFile(file);
    // 24 header + 8+20+4+11 "general.architecture" key + 4 type + 8+4 "gpt2" = 83; tensor a: 8+1 name, 4 dims, 8 ne, 4 type, 8 offset = 33 → 116; b's offset at 116 + 25.
    const bOffsetAt = 24 + (8 + 20) + 4 + (8 + 4) + 33 + 25;
    expect(bytes.readBigUInt64LE(bOffsetAt)).toBe(128n);
    bytes.writeBigUInt64LE(96n, bOffsetAt);
    await fs.writeFile(file, bytes);
    const problems = await problemsOf(file);
    expect(problems.find((p) => p.code === 'tensor-offset')?.message).toBe(
      'offset.gguf: tensor "b" starts at data offset 96, but llama.cpp expects 128 (tensors must follow each other, each padded to 32 bytes)',
    );
  });
});

describe('llama keys and tensors', () => {
  test('a missing llama.attention.head_count is an error that warns of the abort', async () => {
    const file = await variant('no-heads.gguf', (m) => m.delete('llama.attention.head_count'));
    const problems = errorsOf(await problemsOf(file));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.code).toBe('missing-key');
    expect(problems[0]?.message).toBe(
      'no-heads.gguf: the required key "llama.attention.head_count" is missing; llama.cpp would abort the whole process (GGML_ASSERT) loading it',
    );
  });

  test('a missing llama.feed_forward_length likewise', async () => {
    const file = await variant('no-ff.gguf', (m) => m.delete('llama.feed_forward_length'));
    expect(errorsOf(await problemsOf(file)).map((p) => p.message)).toEqual([
      'no-ff.gguf: the required key "llama.feed_forward_length" is missing; llama.cpp would abort the whole process (GGML_ASSERT) loading it',
    ]);
  });

  test.each([
    'llama.context_length',
    'llama.embedding_length',
    'llama.block_count',
    'llama.attention.layer_norm_rms_epsilon',
    'tokenizer.ggml.model',
    'tokenizer.ggml.tokens',
  ])('a missing %s', async (key) => {
    const file = await variant('missing.gguf', (m) => m.delete(key));
    const problems = errorsOf(await problemsOf(file));
    expect(problems.some((p) => p.code === 'missing-key' && p.message.includes(`"${key}"`))).toBe(true);
  });

  test('a missing tensor is named', async () => {
    const file = await variant('no-ffn-up.gguf', (_m, t) =>
      t.splice(
        t.findIndex((x) => x.name === 'blk.1.ffn_up.weight'),
        1,
      ),
    );
    expect(errorsOf(await problemsOf(file)).map((p) => p.message)).toEqual([
      'no-ffn-up.gguf: missing tensor "blk.1.ffn_up.weight" (expected for 2 layers); llama.cpp cannot load it',
    ]);
  });

  test('output.weight may be absent (tied embeddings)', async () => {
    const file = await variant('tied.gguf', (_m, t) => t.pop());
    expect(errorsOf(await problemsOf(file))).toEqual([]);
  });

  test('a wrong shape, a wrong key type, an impossible block count', async () => {
    const shape = await variant('shape.gguf', (m) => m.set('llama.feed_forward_length', ggufValue.u32(96)));
    expect(errorsOf(await problemsOf(shape)).map((p) => p.message)).toContain(
      'shape.gguf: tensor "blk.0.ffn_gate.weight" has shape [64, 128], but the metadata implies [64, 96]',
    );
    const type = await variant('type.gguf', (m) => m.set('llama.context_length', ggufValue.u64(256n)));
    expect(errorsOf(await problemsOf(type)).map((p) => p.message)).toEqual([
      'type.gguf: "llama.context_length" is u64, llama.cpp needs u32',
    ]);
    const zero = await variant('zero.gguf', (m) => m.set('llama.block_count', ggufValue.u32(0)));
    expect(errorsOf(await problemsOf(zero))[0]?.message).toMatch(/"llama\.block_count" is 0, outside 1…512; llama\.cpp would abort/);
  });

  test('a block count lower than the tensors imply warns of the extra tensors', async () => {
    const file = await variant('fewer.gguf', (m) => m.set('llama.block_count', ggufValue.u32(1)));
    const problems = await problemsOf(file);
    expect(problems.filter((p) => p.code === 'unexpected-tensor')).toHaveLength(9);
  });

  test('a repeated token (llama.cpp aborts) and short score arrays', async () => {
    const file = await variant('vocab.gguf', (m) => {
      const tokens = m.get('tokenizer.ggml.tokens');
      if (tokens?.type !== 'array' || tokens.itemType !== 'string') throw new Error('no tokens');
      m.set('tokenizer.ggml.tokens', ggufValue.strings(tokens.value.map((t, i) => (i === 400 ? '<s>' : t))));
      m.set('tokenizer.ggml.scores', ggufValue.numbers('f32', [0, 1]));
    });
    expect(errorsOf(await problemsOf(file)).map((p) => p.message)).toEqual([
      'vocab.gguf: the vocabulary has the token "<s>" twice (ids 1 and 400); llama.cpp would abort the whole process (GGML_ASSERT) loading it',
      'vocab.gguf: "tokenizer.ggml.scores" has 2 entries for 626 tokens',
    ]);
  });

  test('byte tokens not typed as bytes are a warning, not an error', async () => {
    const file = await variant('types.gguf', (m) =>
      m.set('tokenizer.ggml.token_type', ggufValue.numbers('i32', new Array<number>(626).fill(1))),
    );
    const result = await validateGguf(file);
    expect(result.ok).toBe(true);
    expect(result.problems.map((p) => p.message)).toEqual([
      'types.gguf: 256 byte tokens (<0x00>…<0xFF>) are not typed as bytes (6): generated text will show them literally, like <0xC3>',
    ]);
  });
});

describe('other architectures and tensor types', () => {
  test('another architecture gets the generic checks under its own prefix, and a warning that the rest was not checked', async () => {
    const renamed = (m: Map<string, GgufValue>): void => {
      for (const [key, value] of [...m]) {
        if (!key.startsWith('llama.')) continue;
        m.delete(key);
        m.set(key.replace(/^llama\./, 'gpt2.'), value);
      }
      m.set('general.architecture', ggufValue.string('gpt2'));
    };
    const file = await variant('gpt2.gguf', (m) => {
      renamed(m);
      m.delete('gpt2.attention.head_count'); // only llama's checks know this one aborts
    });
    const result = await validateGguf(file);
    expect(result.ok).toBe(true);
    expect(result.problems.map((p) => p.code)).toEqual(['unchecked']);
    expect(result.problems[0]?.message).toMatch(
      /architecture "gpt2": only the file structure, tensor bounds, the generic "gpt2\.\*" sizes and the vocabulary were checked/,
    );

    const noBlocks = await variant('gpt2-no-blocks.gguf', (m) => {
      renamed(m);
      m.delete('gpt2.block_count');
    });
    expect(errorsOf(await problemsOf(noBlocks)).map((p) => p.message)).toEqual([
      'gpt2-no-blocks.gguf: the required key "gpt2.block_count" is missing, so llama.cpp cannot load it',
    ]);
  });

  test('an unknown tensor type is an error naming the tensor, as llama.cpp refuses it; a removed one too', async () => {
    const unknown = path.join(dir, 'unknown-type.gguf');
    const removed = path.join(dir, 'removed-type.gguf');
    for (const [file, id] of [
      [unknown, 77],
      [removed, 31],
    ] as const) {
      // "clip" (a vision projector) gets structural checks only, which is all this test is about.
      await writeGguf(file, new Map([['general.architecture', ggufValue.string('clip')]]), [
        { name: 'w', shape: [32], type: GgmlType.F32, data: new Float32Array(32) },
      ]);
      const bytes = await fs.readFile(file);
      // The type id is the u32 before the tensor's u64 offset, which ends the tensor info.
      const typeAt = 24 + (8 + 20) + 4 + (8 + 4) + (8 + 1) + 4 + 8;
      expect(bytes.readUInt32LE(typeAt)).toBe(0);
      bytes.writeUInt32LE(id, typeAt);
      await fs.writeFile(file, bytes);
    }
    const unknownResult = await validateGguf(unknown);
    expect(unknownResult.ok).toBe(false);
    expect(unknownResult.problems[0]).toMatchObject({
      code: 'unknown-tensor-type',
      severity: 'error',
      message: 'unknown-type.gguf: tensor "w" has the unknown type 77; llama.cpp refuses the file ("invalid ggml type")',
    });
    const removedResult = await validateGguf(removed);
    expect(removedResult.ok).toBe(false);
    expect(removedResult.problems[0]?.message).toBe(
      'removed-type.gguf: tensor "w" uses Q4_0_4_4 (type 31), which llama.cpp no longer loads',
    );
  });
});

describe('what llama.cpp refuses or aborts on (issue 13.11)', () => {
  test.each([
    ['NaN', Number.NaN],
    ['negative', -1e-5],
  ])('an RMS epsilon that is %s is an error warning of the abort', async (_name, eps) => {
    const file = await variant('eps.gguf', (m) => m.set('llama.attention.layer_norm_rms_epsilon', ggufValue.f32(eps)));
    expect(errorsOf(await problemsOf(file)).map((p) => [p.code, p.message])).toEqual([
      [
        'bad-key-value',
        `eps.gguf: "llama.attention.layer_norm_rms_epsilon" is ${Math.fround(eps)}; llama.cpp would abort the whole process (GGML_ASSERT) loading it (eps must be 0 or more)`,
      ],
    ]);
  });

  test('an array of arrays anywhere is an error naming the key', async () => {
    const file = await variant('nested.gguf', (m) =>
      m.set('general.tags', { type: 'array', itemType: 'array', value: [{ type: 'array', itemType: 'u8', value: [1, 2] }] }),
    );
    expect(errorsOf(await problemsOf(file)).map((p) => p.message)).toEqual([
      'nested.gguf: "general.tags" is an array of arrays, which llama.cpp\'s GGUF reader refuses ("invalid GGUF type"), so the file cannot be loaded',
    ]);
  });

  test('an unknown tokenizer model is an error listing the known ones', async () => {
    const file = await variant('tok.gguf', (m) => m.set('tokenizer.ggml.model', ggufValue.string('sentencepiece')));
    const [problem, ...rest] = errorsOf(await problemsOf(file));
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({
      code: 'bad-key-value',
      message:
        'tok.gguf: "tokenizer.ggml.model" is "sentencepiece", a tokenizer llama.cpp does not know ("unknown tokenizer"), so it refuses the file',
    });
    expect(problem?.hint).toMatch(/llama\.cpp knows no_vocab, none, llama, bert, gpt2/);
  });

  test.each([
    ['tokenizer.ggml.add_bos_token', ggufValue.u32(1), 'u32', 'bool'],
    ['llama.rope.freq_base', ggufValue.f64(10000), 'f64', 'f32'],
    ['general.file_type', ggufValue.u64(7n), 'u64', 'u32'],
    ['tokenizer.ggml.padding_token_id', ggufValue.i32(0), 'i32', 'u32'],
    ['general.name', ggufValue.u8(1), 'u8', 'string'],
  ])('an optional key of the wrong type (%s) is an error', async (key, value, got, want) => {
    const file = await variant('type.gguf', (m) => m.set(key, value));
    expect(errorsOf(await problemsOf(file)).map((p) => p.message)).toEqual([
      `type.gguf: "${key}" is ${got}, llama.cpp needs ${want} and refuses the file ("key has wrong type")`,
    ]);
  });
});
