import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunCase, RunSpec, type CaseScore } from '../../../../shared/runs';
import { EventBus } from '../../EventBus';
import { ReviewService } from '../../review/ReviewService';
import { Store } from '../../store/Store';
import { RunStore } from '../RunStore';
import { summarizeRun } from '../summarizeRun';
import { SummaryService } from './SummaryService';

const workerScript = process.env.EVALBENCH_TEST_SUMMARY_WORKER ?? '';
let dir: string;
let store: Store;
let runs: RunStore;
let service: SummaryService;

const score = (value: number): CaseScore[] => [
  {
    label: 'f1',
    type: 'contains',
    weight: 1,
    score: value,
    rawScore: value,
    passed: value >= 0.5,
    explanation: '',
    details: null,
    error: null,
  },
];

function makeRun(cases = 40): string {
  const runCases = Array.from({ length: cases }, (_, i) => RunCase.parse({ id: `c${i}`, input: { kind: 'completion', prompt: `p${i}` } }));
  const id = runs.create(
    RunSpec.parse({
      name: 'quants',
      models: [
        { modelId: 'q8', label: 'Q8_0' },
        { modelId: 'q4', label: 'Q4_0' },
      ],
    }),
    runCases,
    null,
    '/sets/quants.yaml',
  );
  for (const [m, modelKey] of ['m0:q8', 'm1:q4'].entries()) {
    for (let i = 0; i < cases; i++) {
      // A harness error on a different case per model: each model, and each pair, has its own case count.
      const failed = i === 3 + m * 5;
      const error = failed ? { kind: 'crashed' as const, message: 'worker died', logs: [] } : null;
      runs.save({
        runId: id,
        modelKey,
        caseId: `c${i}`,
        repetition: 0,
        seed: 1,
        output: failed ? null : 'x',
        stopReason: failed ? null : 'eos',
        timings: null,
        memory: null,
        error,
        finishedAt: 'now',
      });
      if (!failed) runs.saveScores(id, modelKey, `c${i}`, 0, score(((i * 37 + m * 11) % 100) / 100));
    }
  }
  return id;
}

function direct(runId: string): ReturnType<typeof summarizeRun> {
  const verdicts = new ReviewService(store, new EventBus()).verdicts(runId);
  return summarizeRun(runs.get(runId), runs.results(runId), runs.scores(runId), new Map(), undefined, verdicts);
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-summary-'));
  store = Store.open(path.join(dir, 'evalbench.db'));
  runs = new RunStore(store);
  service = new SummaryService(store, runs, () => [], workerScript);
});
afterEach(async () => {
  await service.dispose();
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('SummaryService', () => {
  it('computes in the worker thread exactly what summarizeRun gives, and serves repeats from its cache', async () => {
    expect(fs.existsSync(workerScript)).toBe(true);
    const runId = makeRun();
    const summary = await service.summary(runId);
    expect(summary).toEqual(direct(runId));
    expect(summary.models.map((m) => [m.errors, m.passRate?.n])).toEqual([
      [1, 39],
      [1, 39],
    ]);
    expect(summary.models[1]?.comparison?.meanScore).toMatchObject({ n: 38, verdict: expect.stringMatching(/Q4_0/) as unknown });
    expect(await service.summary(runId)).toEqual(summary);
    expect(service.computations).toBe(1);
  });

  it('recomputes once after a review label, a new score or a rename changes what it shows', async () => {
    const runId = makeRun();
    const before = await service.summary(runId);
    expect(service.computations).toBe(1);
    const reviews = new ReviewService(store, new EventBus());
    const version = runs.dataVersion(runId);
    reviews.set({ runId, modelKey: 'm1:q4', caseId: 'c0', repetition: 0, verdict: 'pass', note: '', tags: [] });
    expect(runs.dataVersion(runId)).toBeGreaterThan(version);
    const reviewed = await service.summary(runId);
    expect(reviewed.models[1]?.reviewed).toBe(1);
    expect(reviewed).toEqual(direct(runId));
    expect(reviewed.models[1]?.passRate?.estimate).not.toBe(before.models[1]?.passRate?.estimate);
    expect(service.computations).toBe(2);

    runs.saveScores(runId, 'm0:q8', 'c1', 0, score(0));
    expect((await service.summary(runId)).models[0]?.meanScore?.estimate).toBe(direct(runId).models[0]?.meanScore?.estimate);

    runs.rename(runId, 'renamed');
    expect((await service.summary(runId)).name).toBe('renamed');
    expect(service.computations).toBe(3);
  });

  it('answers concurrent requests for the same data with one computation', async () => {
    const runId = makeRun();
    const [a, b, c] = await Promise.all([service.summary(runId), service.summary(runId), service.summary(runId, 'Q4_0')]);
    expect(a).toEqual(b);
    expect(service.computations).toBe(2);
    await service.summary(runId);
    expect(service.computations).toBe(2);
    expect(c.baseline).toBe('Q4_0');
    expect(c.models[0]?.comparison?.baseline).toBe('Q4_0');
  });

  it('names a run that is not there, and computes in-process without a worker', async () => {
    await expect(service.summary('nope')).rejects.toThrow(/No run nope/);
    const inline = new SummaryService(store, runs, () => [], null);
    const runId = makeRun(12);
    expect(await inline.summary(runId)).toEqual(direct(runId));
    await inline.dispose();
  });
});
