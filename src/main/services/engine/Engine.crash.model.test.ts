import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFixtures, type FixtureSet } from '../gguf/fixtureCache';
import { writeVariant } from '../gguf/testing/writeVariant';
import { Engine } from './Engine';
import { WorkerError } from './WorkerHandle';
import { forkWorker } from './WorkerProcess';

// What happens when a file that llama.cpp cannot take reaches it anyway (our validation is
// bypassed here on purpose): the worker dies or fails, this process does not.
const workerScript = process.env.EVALBENCH_TEST_WORKER ?? '';
let fixtures: FixtureSet;
let dir: string;
const unchecked = new Engine({ workerScript, launch: forkWorker });

beforeAll(async () => {
  fixtures = await ensureFixtures();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-crash-'));
}, 60_000);
afterAll(async () => {
  await unchecked.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('a worker that llama.cpp takes down', () => {
  it('survives the GGML_ASSERT abort of a model without llama.attention.head_count, with llama.cpp’s last words', async () => {
    const file = await writeVariant(fixtures.files.f32, path.join(dir, 'no-head-count.gguf'), (m) =>
      m.delete('llama.attention.head_count'),
    );
    const error = await unchecked.load(file, { backend: 'cpu', contextSize: 64, threads: 1 }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WorkerError);
    const failure = error as WorkerError;
    expect(failure.kind).toBe('crashed');
    expect(failure.message).toMatch(/SIGABRT/);
    expect(failure.message).toMatch(/GGML_ASSERT/);
    expect(failure.logs.join('\n')).toMatch(/GGML_ASSERT/);
    // The host goes on: another model loads and generates in a fresh worker.
    const model = await unchecked.load(fixtures.files.q8_0, { backend: 'cpu', contextSize: 64, threads: 1 });
    const result = await unchecked.generate(model.id, { kind: 'completion', prompt: 'Hello' }, { maxTokens: 4 });
    expect(result.timings.generatedTokens).toBeGreaterThan(0);
    await unchecked.unload(model.id);
  });

  it('reports the real cause of a load failure (a missing tensor), not just "Failed to load model"', async () => {
    const file = await writeVariant(fixtures.files.f32, path.join(dir, 'no-ffn-up.gguf'), (_m, tensors) => {
      const at = tensors.findIndex((t) => t.name === 'blk.1.ffn_up.weight');
      tensors.splice(at, 1);
    });
    const error = await unchecked.load(file, { backend: 'cpu', contextSize: 64, threads: 1 }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WorkerError);
    expect((error as WorkerError).message).toMatch(/blk\.1\.ffn_up|missing tensor/i);
  });
});
