import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { GenerationResult } from '../../../shared/engine';
import { RunCase, RunSpec } from '../../../shared/runs';
import { Store } from '../store/Store';
import { StoreWriteError } from '../store/StoreWriteError';
import type { ModelRunner } from './ModelRunner';
import { RunOrchestrator } from './RunOrchestrator';
import { RunStore } from './RunStore';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const cases = ['a', 'b', 'c'].map((id) =>
  RunCase.parse({ id, input: { kind: 'completion', prompt: `case ${id}` }, scorers: [{ type: 'contains', value: 'x' }] }),
);
// No warm-up: the test counts generations to fill the disk after the third case's answer.
const spec = RunSpec.parse({ name: 'disk full', models: [{ modelId: 'q8' }, { modelId: 'q4' }], repetitions: 2, warmup: 0 });

/** Answers of 20 KB, so that every stored result needs new pages in the database file. */
function runner(onGenerate: () => void): ModelRunner {
  const result = (text: string): GenerationResult => ({
    text,
    stopReason: 'eos',
    timings: {
      timeToFirstTokenMs: 1,
      promptTokens: 3,
      promptTokensPerSecond: 3000,
      generatedTokens: 2,
      generationTokensPerSecond: 1000,
      totalMs: 2,
    },
    memory: { peakRssBytes: 1, rssBytes: 1, vramUsedBytes: null },
  });
  return {
    name: (id) => `model ${id}`,
    load: () =>
      Promise.resolve({
        pid: undefined,
        info: null,
        generate: (input) => {
          onGenerate();
          return Promise.resolve(result(`${input.kind === 'completion' ? input.prompt : ''} ${'x'.repeat(20_000)}`));
        },
        unload: () => Promise.resolve(),
      }),
  };
}

describe('a run whose store runs out of disk', () => {
  it('stops with "the disk is full" and the store file, keeps what was saved, and resumes exactly the rest', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-full-'));
    dirs.push(dir);
    const file = path.join(dir, 'evalbench.db');
    const store = Store.open(file);
    const runs = new RunStore(store);
    const id = runs.create(spec, cases, {});
    let generated = 0;
    // After the third answer the "disk" is full: SQLite can grow the file no further (SQLITE_FULL).
    const full = runner(() => {
      generated += 1;
      if (generated === 3) {
        const { page_count: pages } = store.db.prepare('PRAGMA page_count').get() as { page_count: number };
        store.db.exec(`PRAGMA max_page_count = ${pages}`);
      }
    });
    const failure = await new RunOrchestrator(runs, full).execute(id, { signal: new AbortController().signal }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(StoreWriteError);
    const message = (failure as Error).message;
    expect(message).toContain('the disk is full');
    expect(message).toContain(file);
    expect(message).toMatch(/the result of case c of model q8/);
    expect(message).not.toMatch(/UNIQUE|cannot rollback/);
    expect((failure as StoreWriteError).hint).toMatch(/Free some space/);
    // Nothing half-written: two results with their scores, the third neither.
    expect(runs.results(id)).toHaveLength(2);
    expect(runs.scores(id).size).toBe(2);
    expect(generated).toBe(3);

    store.db.exec('PRAGMA max_page_count = 1073741823');
    const status = await new RunOrchestrator(
      runs,
      runner(() => undefined),
    ).execute(id, { signal: new AbortController().signal });
    expect(status).toBe('completed');
    const results = runs.results(id);
    expect(results).toHaveLength(12);
    expect(results.every((r) => r.error === null)).toBe(true);
    expect(runs.scores(id).size).toBe(12);
    store.close();
  });
});
