import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { defaultFixtureDir, ensureFixtures } from './fixtureCache';
import { ggufValue } from './ggufValue';
import { readGgufHeader } from './GgufReader';
import { writeGguf } from './GgufWriter';
import { validateGguf } from './validateGguf';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'evalbench-fixture-cache-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

test('the default folder is .cache/fixtures in this checkout (ignored by git)', () => {
  expect(defaultFixtureDir()).toBe(path.resolve(import.meta.dirname, '../../../../.cache/fixtures'));
});

test('generates the four files once, then reuses them', async () => {
  const first = await ensureFixtures({ dir });
  expect(first.generated).toEqual(['f32', 'f16', 'q8_0', 'q4_0']);
  expect(Object.values(first.files).map((f) => path.basename(f))).toEqual([
    'tiny-llama-f32.gguf',
    'tiny-llama-f16.gguf',
    'tiny-llama-q8_0.gguf',
    'tiny-llama-q4_0.gguf',
  ]);
  for (const file of Object.values(first.files)) expect((await validateGguf(file)).ok).toBe(true);
  const mtime = (await fs.stat(first.files.f32)).mtimeMs;

  const second = await ensureFixtures({ dir });
  expect(second.generated).toEqual([]);
  expect((await fs.stat(second.files.f32)).mtimeMs).toBe(mtime);
});

test('rebuilds only a damaged file and a file from another fixture version', async () => {
  const { files } = await ensureFixtures({ dir });
  await fs.truncate(files.q8_0, 10_000);
  const header = await readGgufHeader(files.f16);
  if (!header.ok) throw new Error(header.problem.message);
  header.header.metadata.set('evalbench.fixture_version', ggufValue.string('older'));
  await writeGguf(files.f16, header.header.metadata, []);

  const again = await ensureFixtures({ dir });
  expect(again.generated).toEqual(['f16', 'q8_0']);
  for (const file of Object.values(again.files)) expect((await validateGguf(file)).problems).toEqual([]);
});

test('concurrent callers both succeed and leave no temporary files', async () => {
  const results = await Promise.all([ensureFixtures({ dir }), ensureFixtures({ dir }), ensureFixtures({ dir })]);
  for (const result of results) {
    for (const file of Object.values(result.files)) expect((await validateGguf(file)).ok).toBe(true);
  }
  expect((await fs.readdir(dir)).sort()).toEqual([
    'tiny-llama-f16.gguf',
    'tiny-llama-f32.gguf',
    'tiny-llama-q4_0.gguf',
    'tiny-llama-q8_0.gguf',
  ]);
});

test('force rewrites current files (through the same temp-and-rename path)', async () => {
  await ensureFixtures({ dir });
  const forced = await ensureFixtures({ dir, force: true });
  expect(forced.generated).toEqual(['f32', 'f16', 'q8_0', 'q4_0']);
  expect((await fs.readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
});
