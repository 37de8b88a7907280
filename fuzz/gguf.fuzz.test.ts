import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatInspection } from '../src/cli/commands/inspect';
import { writeTinyLlama } from '../src/main/services/gguf/tinyLlama';
import { validateGguf } from '../src/main/services/gguf/validateGguf';
import { inspectModel } from '../src/main/services/models/inspectModel';
import type { SeededRandom } from '../src/shared/stats/seededRandom';
import { FUZZ_SEED, fuzzCases, fuzzRandom } from './budget';
import { EventLoopWatch, Outcomes, pick, within } from './eventLoopWatch';

/**
 * Mutated GGUF headers of the project's own tiny fixtures (f32 and q4_0) through validateGguf and
 * through what `evalbench inspect` runs (inspectModel and formatInspection, in this process, so an
 * uncaught exception or a fatal allocation fails the run). Mutations: truncation, byte flips, huge
 * counts and lengths (some in sparse files long enough to hold them), wrong value types, written
 * to a temporary file. Each case must end within
 * CASE_LIMIT_MS with `ok` or with problems that each name the file; the event loop is never
 * blocked for more than BLOCK_LIMIT_MS.
 */
const CASES = fuzzCases(300);
const CASE_LIMIT_MS = 5_000;
const BLOCK_LIMIT_MS = 1_000;
const HUGE = [
  2 ** 31,
  2 ** 32 - 1,
  2 ** 32,
  2 ** 40,
  2 ** 53 - 1,
  2 ** 53 + 2,
  2n ** 63n,
  2n ** 64n - 1n,
  16 * 1024 * 1024 + 1,
  256 * 1024 * 1024,
];

type FieldKind = 'count' | 'length' | 'type' | 'dims' | 'offset' | 'ggml-type';
interface Field {
  at: number;
  size: 4 | 8;
  kind: FieldKind;
}

/** Where the counts, lengths and type ids of a well-formed GGUF header sit, so a mutation can aim at them. */
function headerFields(bytes: Buffer): { fields: Field[]; end: number } {
  const fields: Field[] = [];
  let pos = 8;
  const u32 = (kind: FieldKind): number => {
    fields.push({ at: pos, size: 4, kind });
    pos += 4;
    return bytes.readUInt32LE(pos - 4);
  };
  const u64 = (kind: FieldKind): number => {
    fields.push({ at: pos, size: 8, kind });
    pos += 8;
    return Number(bytes.readBigUInt64LE(pos - 8));
  };
  const string = (): void => {
    const length = u64('length');
    pos += length;
  };
  const SIZES: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };
  const value = (type: number): void => {
    if (type === 8) string();
    else if (type === 9) {
      const itemType = u32('type');
      const count = u64('count');
      for (let i = 0; i < count; i++) value(itemType);
    } else pos += SIZES[type] ?? 0;
  };
  const tensors = u64('count');
  const kvs = u64('count');
  for (let i = 0; i < kvs; i++) {
    string();
    value(u32('type'));
  }
  for (let i = 0; i < tensors; i++) {
    string();
    const dims = u32('dims');
    for (let d = 0; d < dims; d++) u64('count');
    u32('ggml-type');
    u64('offset');
  }
  return { fields, end: pos };
}

interface Source {
  name: string;
  bytes: Buffer;
  fields: Field[];
  headerEnd: number;
}

function mutate(random: SeededRandom, source: Source): { bytes: Buffer; kind: string; sparseSize?: number } {
  const bytes = Buffer.from(source.bytes);
  const field = (kinds: readonly FieldKind[]): Field =>
    pick(
      random,
      source.fields.filter((f) => kinds.includes(f.kind)),
    );
  const write = (f: Field, value: number | bigint): void => {
    if (f.size === 4) bytes.writeUInt32LE(Number(BigInt(value) & 0xffffffffn), f.at);
    else bytes.writeBigUInt64LE(BigInt(value) & (2n ** 64n - 1n), f.at);
  };
  switch (random.nextInt(7)) {
    case 6: {
      // A count past what is read up front, in a file made long enough (sparse: nothing on disk) to hold it.
      const count = pick(random, [2 ** 20 + 1, 2 ** 24, 2 ** 28]);
      write(field(['count']), count);
      return { bytes, kind: 'huge count, sparse file', sparseSize: bytes.length + count * pick(random, [1, 4, 8]) };
    }
    case 0: {
      // Mostly inside the header, sometimes inside the tensor data.
      const cut = random.nextInt(4) === 0 ? random.nextInt(bytes.length) : random.nextInt(source.headerEnd);
      return { bytes: bytes.subarray(0, cut), kind: 'truncated' };
    }
    case 1: {
      for (let i = 1 + random.nextInt(8); i > 0; i--) bytes[random.nextInt(source.headerEnd)] = random.nextInt(256);
      return { bytes, kind: 'byte flips' };
    }
    case 2: {
      const f = field(['count', 'length']);
      write(f, random.nextInt(3) === 0 ? BigInt(bytes.readUInt32LE(f.at)) + BigInt(1 + random.nextInt(1000)) : pick(random, HUGE));
      return { bytes, kind: 'huge count or length' };
    }
    case 3: {
      write(field(['type']), random.nextInt(16));
      return { bytes, kind: 'wrong value type' };
    }
    case 4: {
      const f = field(['dims', 'ggml-type', 'offset']);
      write(f, f.kind === 'dims' ? random.nextInt(8) : f.kind === 'ggml-type' ? random.nextInt(64) : pick(random, [0, 32, 33, ...HUGE]));
      return { bytes, kind: 'bad tensor info' };
    }
    default: {
      // Several of the above at once.
      for (let i = 0; i < 3; i++)
        write(
          field(['count', 'length', 'type', 'dims', 'ggml-type', 'offset']),
          random.nextInt(2) === 0 ? random.nextInt(2 ** 16) : pick(random, HUGE),
        );
      return { bytes, kind: 'several fields' };
    }
  }
}

const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'evalbench-fuzz-gguf-'));
const sources: Source[] = [];

beforeAll(async () => {
  const paths = { f32: path.join(tmp, 'source-f32.gguf'), q4_0: path.join(tmp, 'source-q4_0.gguf') };
  await writeTinyLlama({ size: 'tiny', paths });
  for (const [name, file] of Object.entries(paths)) {
    const bytes = await fs.readFile(file);
    const { fields, end } = headerFields(bytes);
    sources.push({ name, bytes, fields, headerEnd: end });
  }
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('fuzz: mutated GGUF headers through validateGguf and inspect', () => {
  it(`gives ${CASES} seeded broken files a clean verdict naming the file, without blocking the host`, async () => {
    const random = fuzzRandom('gguf');
    const outcomes = new Outcomes();
    const watch = new EventLoopWatch();
    const started = performance.now();
    try {
      for (let i = 0; i < CASES; i++) {
        const source = pick(random, sources);
        const { bytes, kind, sparseSize } = mutate(random, source);
        const name = `case-${i}.gguf`;
        const file = path.join(tmp, name);
        await fs.writeFile(file, bytes);
        if (sparseSize !== undefined) await fs.truncate(file, sparseSize);
        const where = `case ${i} (${kind} of ${source.name}, seed ${FUZZ_SEED})`;
        const checked = await within(validateGguf(file), CASE_LIMIT_MS, `validateGguf of ${where}`);
        // The inspect command's own functions: what `evalbench inspect` prints.
        const inspection = await within(inspectModel({ path: file, parts: [file] }), CASE_LIMIT_MS, `inspect of ${where}`);
        const printed = formatInspection(inspection);
        for (const problem of checked.problems) {
          expect(problem.message, where).toContain(name);
          expect(problem.hint, where).not.toBe('');
          expect(printed, where).toContain(problem.message);
        }
        expect(
          inspection.problems.some((p) => p.severity === 'error'),
          where,
        ).toBe(!checked.ok);
        outcomes.add(
          checked.ok
            ? checked.problems.length === 0
              ? 'accepted'
              : 'accepted with warnings'
            : `refused: ${checked.problems.find((p) => p.severity === 'error')?.code}`,
        );
        await fs.rm(file);
      }
    } finally {
      watch.stop();
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `gguf fuzz (seed ${FUZZ_SEED}): ${CASES} cases in ${seconds} s; ${outcomes.toString()}; longest event-loop block ${watch.longestBlockMs.toFixed(0)} ms`,
    );
    expect(watch.longestBlockMs, 'the event loop was blocked').toBeLessThan(BLOCK_LIMIT_MS);
  });
});
