import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventMessage } from '../../../shared/bridge';
import { RunCase, RunSpec } from '../../../shared/runs';
import { EventBus } from '../EventBus';
import { resultKey, RunStore } from '../runs/RunStore';
import { Store } from '../store/Store';
import { ReviewService } from './ReviewService';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-review-'));
  const store = Store.open(path.join(dir, 'db.sqlite'));
  cleanups.push(() => {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const bus = new EventBus();
  const events: EventMessage[] = [];
  bus.listen((m) => events.push(m));
  const runs = new RunStore(store);
  const cases = [RunCase.parse({ id: 'c1', input: { kind: 'completion', prompt: '2+2=' } })];
  const runId = runs.create(RunSpec.parse({ name: 'r', models: [{ modelId: 'q8' }] }), cases, null);
  runs.save({
    runId,
    modelKey: 'm0:q8',
    caseId: 'c1',
    repetition: 0,
    seed: 0,
    output: '5',
    stopReason: 'eos',
    timings: null,
    memory: null,
    error: null,
    finishedAt: new Date().toISOString(),
  });
  return { store, runs, runId, events, service: new ReviewService(store, bus) };
}

describe('ReviewService', () => {
  it('stores a label, replaces it, lists it, and tells other windows', () => {
    const { service, runId, events } = setup();
    const key = { runId, modelKey: 'm0:q8', caseId: 'c1', repetition: 0 };
    const first = service.set({ ...key, verdict: 'fail', note: '  off by one ', tags: ['arith', ' arith', ''] });
    expect(first).toMatchObject({ ...key, verdict: 'fail', note: 'off by one', tags: ['arith'] });
    service.set({ ...key, verdict: 'unsure', note: 'off by one', tags: [] });
    expect(service.list(runId)).toEqual([expect.objectContaining({ verdict: 'unsure', tags: [] })]);
    expect(events.filter((e) => e.event === 'review.changed')).toHaveLength(2);
    expect(events.at(-1)?.payload).toMatchObject({ ...key, label: { verdict: 'unsure' } });
  });

  it('removes a label that says nothing, and announces the removal', () => {
    const { service, runId, events } = setup();
    const key = { runId, modelKey: 'm0:q8', caseId: 'c1', repetition: 0 };
    service.set({ ...key, verdict: 'pass', note: '', tags: [] });
    expect(service.set({ ...key, verdict: null, note: ' ', tags: [] })).toBeNull();
    expect(service.list(runId)).toEqual([]);
    expect(events.at(-1)?.payload).toMatchObject({ ...key, label: null });
  });

  it('refuses labels for results or runs that do not exist, naming them', () => {
    const { service, runId } = setup();
    expect(() => service.set({ runId, modelKey: 'm0:q8', caseId: 'nope', repetition: 0, verdict: 'pass', note: '', tags: [] })).toThrow(
      /no result for case nope/,
    );
    expect(() => service.list('missing-run')).toThrow(/No run missing-run/);
  });

  it('gives the verdicts by result key, for the run summary', () => {
    const { service, runId } = setup();
    expect(service.verdicts(runId)).toEqual(new Map());
    service.set({ runId, modelKey: 'm0:q8', caseId: 'c1', repetition: 0, verdict: null, note: 'only a note', tags: [] });
    expect(service.verdicts(runId)).toEqual(new Map());
    service.set({ runId, modelKey: 'm0:q8', caseId: 'c1', repetition: 0, verdict: 'pass', note: '', tags: [] });
    expect(service.verdicts(runId)).toEqual(new Map([[resultKey('m0:q8', 'c1', 0), 'pass']]));
  });

  it('goes with its run when the run is deleted', () => {
    const { service, runs, runId, store } = setup();
    service.set({ runId, modelKey: 'm0:q8', caseId: 'c1', repetition: 0, verdict: 'pass', note: '', tags: [] });
    runs.remove(runId);
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM review_labels').get()).toMatchObject({ n: 0 });
  });
});
