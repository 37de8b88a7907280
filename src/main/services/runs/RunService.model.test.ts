import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunListItem } from '../../../shared/api';
import type { ModelSummary } from '../../../shared/models';
import type { RunProgress } from '../../../shared/runs';
import type { RunSummary } from '../../../shared/runSummary';
import { forkWorker } from '../engine/WorkerProcess';
import { ensureFixtures } from '../gguf/fixtureCache';
import { createServices, type Services } from '../Services';
import { callRouter } from '../testing/callRouter';

// Runs through the API contract, as the Runs page drives them.
let services: Services;
let home: string;
let models: ModelSummary[];
let testSetPath: string;

beforeAll(async () => {
  const fixtures = await ensureFixtures();
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-runs-api-'));
  services = createServices({
    home,
    host: 'browser',
    engine: { workerScript: process.env.EVALBENCH_TEST_WORKER ?? '', launch: forkWorker },
  });
  testSetPath = path.join(home, 'set.yaml');
  fs.writeFileSync(
    testSetPath,
    'name: Greetings\ndefaults: { mode: completion, scorers: [{ type: length, min: 1 }] }\ncases:\n  - { id: a, prompt: "Hello" }\n  - { id: b, prompt: "Good morning" }\n  - { id: c, prompt: "Welcome" }\n',
  );
  const added = await services.router('models.add', { paths: [fixtures.files.q8_0, fixtures.files.f16] });
  if (!added.ok) throw new Error(added.error.message);
  models = (added.value as { added: ModelSummary[] }).added;
}, 60_000);
afterAll(async () => {
  await services.close();
  fs.rmSync(home, { recursive: true, force: true });
});

function call<T>(name: string, input: unknown): Promise<T> {
  return callRouter<T>(services, name, input);
}

function until(runId: string, status: RunProgress['status']): Promise<RunProgress[]> {
  const seen: RunProgress[] = [];
  return new Promise((resolve) => {
    const stop = services.bus.listen((m) => {
      if (m.event !== 'runs.progress') return;
      const p = m.payload as RunProgress;
      if (p.runId !== runId) return;
      seen.push(p);
      if (p.status === status) {
        stop();
        resolve(seen);
      }
    });
  });
}

describe('runs through the API', () => {
  it('starts a run in the background, streams progress, and answers with its summary, results and telemetry', async () => {
    const load = { backend: 'cpu', contextSize: 128, threads: 1 };
    // Done means the execution let go of the run (after its judge and similarity passes), not just its last case.
    const done = new Promise<void>((resolve) => {
      let completed = false;
      const stop = services.bus.listen((m) => {
        if (m.event === 'runs.progress' && (m.payload as RunProgress).status === 'completed') completed = true;
        if (m.event === 'runs.changed' && completed) {
          stop();
          resolve();
        }
      });
    });
    const { runId } = await call<{ runId: string }>('runs.start', {
      testSetPath,
      models: models.map((m) => ({ modelId: m.id, load })),
      params: { maxTokens: 6 },
    });
    await done;
    const list = await call<RunListItem[]>('runs.list', {});
    expect(list.find((r) => r.id === runId)).toMatchObject({
      name: 'Greetings',
      status: 'completed',
      total: 6,
      done: 6,
      models: models.map((m) => m.name),
    });
    const summary = await call<RunSummary>('runs.summary', { runId });
    expect(summary.models.every((m) => m.passRate?.estimate === 1)).toBe(true);
    const results = await call<{ scores: unknown[] }[]>('runs.results', { runId });
    expect(results).toHaveLength(6);
    expect(results.every((r) => r.scores.length === 1)).toBe(true);
    const telemetry = await call<{ markers: unknown[] }>('runs.telemetry', { runId });
    expect(telemetry.markers.length).toBeGreaterThan(0);

    // A person's fail overrides the scorers in the summary; the automatic rate stays beside it.
    const first = summary.models[0];
    await call('review.set', {
      runId,
      modelKey: first?.modelKey,
      caseId: 'a',
      repetition: 0,
      verdict: 'fail',
      note: 'Not a greeting.',
      tags: [],
    });
    const reviewed = (await call<RunSummary>('runs.summary', { runId })).models[0];
    expect(reviewed?.passRate?.estimate).toBeCloseTo(2 / 3);
    expect(reviewed?.automaticPassRate?.estimate).toBe(1);
    expect(reviewed).toMatchObject({ reviewed: 1, overturned: 1 });

    await call('runs.rename', { runId, name: 'Renamed' });
    expect((await call<RunListItem[]>('runs.list', {})).find((r) => r.id === runId)?.name).toBe('Renamed');
    await call('runs.delete', { runId });
    expect((await call<RunListItem[]>('runs.list', {})).find((r) => r.id === runId)).toBeUndefined();
  });

  it('pauses a run after its current case, and resumes it to the end', async () => {
    const load = { backend: 'cpu', contextSize: 128, threads: 1 };
    const { runId } = await call<{ runId: string }>('runs.start', {
      testSetPath,
      models: [{ modelId: models[0]?.id, load }],
      params: { maxTokens: 64 },
      repetitions: 20,
    });
    const paused = until(runId, 'paused');
    // Pause as soon as the first case is under way.
    await new Promise<void>((resolve) => {
      const stop = services.bus.listen((m) => {
        if (m.event === 'runs.progress' && (m.payload as RunProgress).runId === runId && (m.payload as RunProgress).currentCase !== null) {
          stop();
          resolve();
        }
      });
    });
    await call('runs.pause', { runId });
    const progress = await paused;
    const stoppedAt = progress.at(-1)?.done ?? 0;
    expect(stoppedAt).toBeLessThan(60);
    const completed = until(runId, 'completed');
    await call('runs.resume', { runId });
    expect((await completed).at(-1)).toMatchObject({ done: 60, total: 60 });
    expect(await call<unknown[]>('runs.results', { runId })).toHaveLength(60);
  });

  it('refuses to resume a run while its models are measured for fidelity, and says so to the caller', async () => {
    // Listening before the start: a run of three two-token cases can finish before `runs.start` answers.
    const completed = new Promise<void>((resolve) => {
      const stop = services.bus.listen((m) => {
        if (m.event === 'runs.progress' && (m.payload as RunProgress).status === 'completed') {
          stop();
          resolve();
        }
      });
    });
    const { runId } = await call<{ runId: string }>('runs.start', {
      testSetPath,
      models: [{ modelId: models[0]?.id, load: { backend: 'cpu', contextSize: 128, threads: 1 } }],
      params: { maxTokens: 2 },
    });
    await completed;
    services.activity.begin(runId, 'fidelity', new AbortController());
    try {
      const resumed = await services.router('runs.resume', { runId });
      expect(resumed).toMatchObject({
        ok: false,
        error: { code: 'conflict', message: expect.stringMatching(/measured for fidelity/) as unknown },
      });
      expect((await call<RunListItem[]>('runs.list', {})).find((r) => r.id === runId)?.status).toBe('completed');
    } finally {
      services.activity.end(runId, 'fidelity');
    }
  });

  it('refuses a run on a broken test set with the file position of the mistake', async () => {
    const bad = path.join(home, 'bad.yaml');
    fs.writeFileSync(bad, 'name: x\ncases:\n  - { prompt: hi, scorers: [{ type: nope }] }\n');
    const result = await services.router('runs.start', { testSetPath: bad, models: [{ modelId: models[0]?.id }] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/bad\.yaml:3:\d+: error/);
  });
});
