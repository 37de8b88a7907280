import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { RunCase, RunSpec } from '../../../shared/runs';
import { migrations } from '../store/migrations';
import { Store } from '../store/Store';
import { RunStore } from './RunStore';

let dir: string;
let store: Store;
let runs: RunStore;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-runstore-'));
  store = Store.open(path.join(dir, 'evalbench.db'));
  runs = new RunStore(store);
});
afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const spec = RunSpec.parse({ name: 'capitals', models: [{ modelId: 'q8' }] });
const cases = [RunCase.parse({ id: 'c1', input: { kind: 'completion', prompt: 'x' } })];

it('keeps the test set file a run was made from', () => {
  const id = runs.create(spec, cases, null, '/sets/capitals.yaml');
  const old = runs.create(spec, cases, null);
  expect(runs.list().map((r) => [r.id, r.testSetPath])).toEqual(
    expect.arrayContaining([
      [id, '/sets/capitals.yaml'],
      [old, null],
    ]),
  );
  // The run itself says so too, for a report's reproducibility section.
  expect([runs.get(id).testSetPath, runs.get(old).testSetPath]).toEqual(['/sets/capitals.yaml', null]);
});

it('bumps the data version on every result, score and review change, and forgets it with the run', () => {
  const id = runs.create(spec, cases, null);
  const versions = [runs.dataVersion(id)];
  runs.save({
    runId: id,
    modelKey: 'm0:q8',
    caseId: 'c1',
    repetition: 0,
    seed: 1,
    output: 'x',
    stopReason: 'eos',
    timings: null,
    memory: null,
    error: null,
    finishedAt: 'now',
  });
  versions.push(runs.dataVersion(id));
  runs.saveScores(id, 'm0:q8', 'c1', 0, []);
  versions.push(runs.dataVersion(id));
  runs.saveScores(id, 'm0:q8', 'c1', 0, []);
  versions.push(runs.dataVersion(id));
  store.db
    .prepare(
      "INSERT INTO review_labels (run_id, model_key, case_id, repetition, verdict, updated_at) VALUES (?, 'm0:q8', 'c1', 0, 'pass', 'now')",
    )
    .run(id);
  versions.push(runs.dataVersion(id));
  store.db.prepare('DELETE FROM review_labels WHERE run_id = ?').run(id);
  versions.push(runs.dataVersion(id));
  expect(versions).toEqual([0, 1, 2, 3, 4, 5]);
  runs.remove(id);
  expect((store.db.prepare('SELECT COUNT(*) AS n FROM run_versions').get() as { n: number }).n).toBe(0);
});

it('notes endpoints given up per model beside what loading gave, and forgets a model’s notes when asked', () => {
  const id = runs.create(spec, cases, { models: {} });
  runs.recordEndpointDown(id, 'm0:remote', 'http://a/v1', 'refused');
  runs.recordEndpointDown(id, 'm0:remote', 'http://b/v1', 'reset');
  runs.recordEndpointDown(id, 'm1:other', 'http://c/v1', 'timeout');
  expect(runs.get(id).environment).toMatchObject({
    models: {},
    endpointsDown: { 'm0:remote': { 'http://a/v1': 'refused', 'http://b/v1': 'reset' }, 'm1:other': { 'http://c/v1': 'timeout' } },
  });
  runs.recordEndpointDown(id, 'm0:remote', null);
  expect(runs.get(id).environment).toMatchObject({ endpointsDown: { 'm0:remote': {}, 'm1:other': { 'http://c/v1': 'timeout' } } });
});

it('finds a run by its id or any unique start of it, and says what to do when it cannot', () => {
  const a = runs.create(spec, cases, null);
  store.db.prepare('UPDATE runs SET id = ? WHERE id = ?').run('abcd1234-0000-4000-8000-000000000001', a);
  const b = runs.create(spec, cases, null);
  store.db.prepare('UPDATE runs SET id = ? WHERE id = ?').run('abcd5678-0000-4000-8000-000000000002', b);
  // Both made in the same millisecond, as on a fast machine: the later one still comes first.
  store.db.prepare('UPDATE runs SET created_at = ?').run('2026-12-07T00:00:00.000Z');
  expect(
    runs
      .list()
      .map((r) => r.id)
      .slice(0, 2),
  ).toEqual(['abcd5678-0000-4000-8000-000000000002', 'abcd1234-0000-4000-8000-000000000001']);
  expect(runs.resolveId('abcd1234-0000-4000-8000-000000000001')).toBe('abcd1234-0000-4000-8000-000000000001');
  expect(runs.resolveId('abcd1234')).toBe('abcd1234-0000-4000-8000-000000000001');
  expect(runs.resolveId(' ABCD5678 ')).toBe('abcd5678-0000-4000-8000-000000000002');
  expect(() => runs.resolveId('abcd')).toThrow(/starts the ids of several runs: abcd5678-.*capitals.*abcd1234-/);
  expect(() => runs.resolveId('abc')).toThrow(/too short/);
  expect(() => runs.resolveId('ffff0000')).toThrow(/No run ffff0000/);
  // LIKE wildcards are not hexadecimal, so they never match every run.
  expect(() => runs.resolveId('%%%%')).toThrow(/hexadecimal/);
  try {
    runs.resolveId('ffff0000');
  } catch (error) {
    expect((error as { hint?: string }).hint).toContain('evalbench runs');
  }
});

it('keeps a log-likelihood result’s per-choice data, and reads a result stored before migration 11 as having none', () => {
  const file = path.join(dir, 'old.db');
  // A store as version 10 left it, with a result in it.
  const old = Store.open(
    file,
    migrations.filter((m) => m.version <= 10),
  );
  const oldRuns = new RunStore(old);
  // Written by hand: version 10's case_results has no loglikelihood_json for `save` to fill.
  const oldId = oldRuns.create(spec, cases, null);
  old.db
    .prepare(
      "INSERT INTO case_results (run_id, model_key, case_id, repetition, seed, output, stop_reason, error_json, finished_at) VALUES (?, 'm0:q8', 'c1', 0, 1, 'x', 'eos', NULL, 'then')",
    )
    .run(oldId);
  old.close();
  const reopened = Store.open(file);
  try {
    const both = new RunStore(reopened);
    expect(both.results(oldId).map((r) => r.loglikelihood)).toEqual([null]);
    const choiceCases = [
      RunCase.parse({
        id: 'mc',
        input: { kind: 'completion', prompt: 'capital of France =' },
        loglikelihood: { choices: [' Oslo', ' Paris'], answer: 1 },
      }),
    ];
    const id = both.create(spec, choiceCases, null);
    const loglikelihood = {
      choices: [
        { logprob: -3.5, tokens: 2, greedy: false },
        { logprob: -0.25, tokens: 2, greedy: true },
      ],
      acc: 1 as const,
      accNorm: 1 as const,
      probCorrect: 0.96,
      predicted: 1,
      predictedNorm: 1,
      totalMs: 4.5,
    };
    both.save({
      runId: id,
      modelKey: 'm0:q8',
      caseId: 'mc',
      repetition: 0,
      seed: 1,
      output: ' Paris',
      stopReason: null,
      timings: null,
      memory: null,
      error: null,
      finishedAt: 'now',
      loglikelihood,
    });
    expect(both.results(id)[0]?.loglikelihood).toEqual(loglikelihood);
    expect(both.scoredResults(id)[0]?.loglikelihood).toEqual(loglikelihood);
    expect(both.scoredResultsPage(id, 0, 10).results[0]?.loglikelihood).toEqual(loglikelihood);
    // The run keeps its cases' choices, and a resumed run skips the stored result.
    expect(both.get(id).cases[0]?.loglikelihood).toEqual({ choices: [' Oslo', ' Paris'], answer: 1 });
    expect([...both.finishedKeys(id)]).toHaveLength(1);
  } finally {
    reopened.close();
  }
});
