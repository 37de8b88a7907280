import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { RunCase, RunSpec, type CaseResultInput, type CaseScore, type ScoredCaseResult } from '../../../shared/runs';
import { Store } from '../store/Store';
import { modelKey, resultKey, RunStore } from './RunStore';

let dir: string;
let store: Store;
let runs: RunStore;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-scored-results-'));
  store = Store.open(path.join(dir, 'evalbench.db'));
  runs = new RunStore(store);
});
afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const timings = {
  timeToFirstTokenMs: 12.5,
  promptTokens: 9,
  promptTokensPerSecond: 700,
  generatedTokens: 4,
  generationTokensPerSecond: 35.25,
  totalMs: 140,
};
const memory = { peakRssBytes: 500_000_000, rssBytes: 480_000_000, vramUsedBytes: null };
const server = 'reported-by-server' as const;
const provenance = {
  timeToFirstTokenMs: 'measured-locally' as const,
  promptTokens: server,
  promptTokensPerSecond: 'estimated' as const,
  generatedTokens: server,
  generationTokensPerSecond: server,
  totalMs: 'measured-locally' as const,
  peakRssBytes: 'unknown' as const,
  rssBytes: 'unknown' as const,
  vramUsedBytes: 'unknown' as const,
  stopReason: server,
};

/** A run of every kind of stored result: scored, unscored, harness errors, cached, remote, repeated. */
function fixtureRun(): string {
  // Case order on purpose not the order of the ids, so pages follow the run, not the key.
  const cases = ['q2', 'q10', 'q1', 'variant'].map((id) =>
    RunCase.parse({ id, input: { kind: 'completion', prompt: `Prompt ${id}` }, expected: ['x'] }),
  );
  const spec = RunSpec.parse({
    name: 'fixture',
    repetitions: 2,
    models: [
      { modelId: 'q8' },
      { modelId: 'q4', label: 'Q4' },
      { modelId: 'remote:api', remote: { endpoints: [{ baseUrl: 'http://127.0.0.1:9/v1', model: 'm' }] } },
    ],
  });
  const id = runs.create(spec, cases, null);
  spec.models.forEach((m, mi) => {
    const key = modelKey(mi, m.modelId);
    for (const c of cases) {
      for (const repetition of [0, 1]) {
        if (c.id === 'variant' && mi === 1) continue; // not run yet
        const failed = c.id === 'q2' && mi === 1;
        const base: CaseResultInput = {
          runId: id,
          modelKey: key,
          caseId: c.id,
          repetition,
          seed: 40 + repetition,
          output: failed ? null : `answer ${c.id}`,
          stopReason: failed ? null : 'eos',
          timings: failed ? null : timings,
          memory: failed ? null : memory,
          error: failed ? { kind: 'crashed', message: 'Worker died', logs: ['segfault'] } : null,
          finishedAt: '2026-11-01T10:00:00.000Z',
        };
        const remote = mi === 2 ? { endpoint: 'http://127.0.0.1:9/v1', provenance } : {};
        runs.save({ ...base, ...remote, ...(c.id === 'q1' && mi === 0 ? { cachedFrom: 'older-run' } : {}) });
        if (c.id === 'q10' && repetition === 1) continue; // stored, not scored yet
        const scores: CaseScore[] = [
          {
            label: 'exact',
            type: 'exact',
            weight: 1,
            score: 1,
            rawScore: 1,
            passed: true,
            explanation: 'Matches.',
            details: null,
            error: null,
          },
          {
            label: 'bleu',
            type: 'bleu',
            weight: 0.5,
            score: 0.42,
            rawScore: 42,
            passed: null,
            explanation: 'BLEU 42.',
            details: { ngrams: [0.9, 0.5], brevity: 1, note: 'ünïcode' },
            error: null,
          },
        ];
        runs.saveScores(id, key, c.id, repetition, failed ? [] : scores);
      }
    }
  });
  return id;
}

/** The parsed path: every row through `CaseResult.parse` and `CaseScore.array().parse`. */
function parsedResults(runId: string): ScoredCaseResult[] {
  const scores = runs.scores(runId);
  return runs.results(runId).map((r) => ({ ...r, scores: scores.get(resultKey(r.modelKey, r.caseId, r.repetition)) ?? [] }));
}

it('reads the same objects without zod as parsing every row does', () => {
  const id = fixtureRun();
  const parsed = parsedResults(id);
  expect(parsed).toHaveLength(4 * 2 * 3 - 2);
  expect(runs.scoredResults(id)).toStrictEqual(parsed);
  expect(runs.scoredResults('no-such-run')).toEqual([]);
});

it('pages whole cases in run order, every model and repetition of each', () => {
  const id = fixtureRun();
  const byKey = new Map(parsedResults(id).map((r) => [resultKey(r.modelKey, r.caseId, r.repetition), r]));
  const first = runs.scoredResultsPage(id, 0, 2);
  expect(first).toMatchObject({ caseCount: 4, nextOffset: 2 });
  expect(first.results.map((r) => `${r.caseId}/${r.modelKey}/${r.repetition}`)).toEqual(
    ['q2', 'q10'].flatMap((c) => ['m0:q8', 'm1:q4', 'm2:remote:api'].flatMap((m) => [0, 1].map((rep) => `${c}/${m}/${rep}`))),
  );
  const second = runs.scoredResultsPage(id, 2, 5);
  expect(second).toMatchObject({ caseCount: 4, nextOffset: null });
  const paged = [...first.results, ...second.results];
  expect(paged).toHaveLength(byKey.size);
  for (const r of paged) expect(r).toStrictEqual(byKey.get(resultKey(r.modelKey, r.caseId, r.repetition)));
  expect(runs.scoredResultsPage(id, 4, 10)).toEqual({ results: [], caseCount: 4, nextOffset: null });
  expect(() => runs.scoredResultsPage('no-such-run', 0, 10)).toThrow(/No run no-such-run/);
});

it('refuses to store scores that break the schema, so that readers may trust them', () => {
  const id = fixtureRun();
  expect(() => runs.saveScores(id, 'm0:q8', 'q1', 0, [{ label: 'x' } as unknown as CaseScore])).toThrow();
});
