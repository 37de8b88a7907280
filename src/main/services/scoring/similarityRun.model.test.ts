import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunCase, RunSpec } from '../../../shared/runs';
import { Engine } from '../engine/Engine';
import { forkWorker } from '../engine/WorkerProcess';
import { EventBus } from '../EventBus';
import { ensureFixtures } from '../gguf/fixtureCache';
import { ModelLibrary } from '../models/ModelLibrary';
import { RunStore } from '../runs/RunStore';
import { Store } from '../store/Store';
import { scoreOutput } from './scoreOutput';
import { cosineSimilarity, similarityRun } from './similarityRun';

let dir: string;
let store: Store;
let library: ModelLibrary;
const engine = new Engine({ workerScript: process.env.EVALBENCH_TEST_WORKER ?? '', launch: forkWorker });
beforeAll(async () => {
  const fixtures = await ensureFixtures();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-sim-'));
  store = Store.open(path.join(dir, 'db.sqlite'));
  library = new ModelLibrary(store, new EventBus());
  await library.add([fixtures.files.f16]);
}, 60_000);
afterAll(async () => {
  await engine.dispose();
  library.dispose();
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('semantic similarity', () => {
  it('measures cosine similarity', () => {
    expect(cosineSimilarity([1, 0], [1, 0])).toBeCloseTo(1);
    expect(cosineSimilarity([1, 0], [0, 1])).toBeCloseTo(0);
    expect(cosineSimilarity([1, 2], [-1, -2])).toBeCloseTo(-1);
    expect(() => cosineSimilarity([1], [1, 2])).toThrow(/sizes differ/);
  });

  it('embeds outputs and answers with a library model; identical text scores 1', async () => {
    const runs = new RunStore(store);
    const model = library.list()[0];
    const testCase = RunCase.parse({
      id: 'x',
      input: { kind: 'completion', prompt: 'p' },
      expected: ['the river town', 'apples and bread'],
      scorers: [{ type: 'semantic-similarity', model: model?.name, threshold: 0.99 }],
    });
    const runId = runs.create(RunSpec.parse({ name: 's', models: [{ modelId: 'm' }] }), [testCase], {});
    runs.save({
      runId,
      modelKey: 'm0:m',
      caseId: 'x',
      repetition: 0,
      seed: 0,
      output: 'apples and bread',
      stopReason: 'eos',
      timings: null,
      memory: null,
      error: null,
      finishedAt: 'now',
    });
    runs.saveScores(
      runId,
      'm0:m',
      'x',
      0,
      await scoreOutput(testCase.scorers, { output: 'apples and bread', expected: testCase.expected, vars: {} }),
    );
    expect(await similarityRun({ runs, engine, library }, runId)).toEqual({ scored: 1, failed: 0 });
    const [score] = [...runs.scores(runId).values()][0] ?? [];
    expect(score?.rawScore).toBeCloseTo(1, 4);
    expect(score?.passed).toBe(true);
    expect(score?.explanation).toContain('"apples and bread"');
  });
});
