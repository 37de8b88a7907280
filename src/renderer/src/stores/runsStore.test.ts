import { act } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunListItem } from '../../../shared/api';
import { createClient, setClient } from '../api/client';
import { fakeBridge } from '../test/fakeBridge';
import { TELEMETRY_POLL_MS, useRunsStore } from './runsStore';

const run: RunListItem = {
  id: 'r1',
  name: 'Capitals',
  status: 'running',
  createdAt: '2026-11-01T10:00:00Z',
  finishedAt: null,
  mode: 'latency',
  models: ['Q8', 'Q4'],
  caseCount: 5,
  total: 10,
  done: 2,
  testSetPath: '/sets/capitals.yaml',
  active: true,
};

function setup(answers: Parameters<typeof fakeBridge>[0] = {}) {
  const fake = fakeBridge({ 'runs.list': () => ({ ok: true, value: [run] }), ...answers });
  setClient(createClient(fake.bridge));
  return fake;
}

beforeEach(() => useRunsStore.setState(useRunsStore.getInitialState(), true));
afterEach(() => vi.useRealTimers());

describe('runs store', () => {
  it('follows progress events into the list and reloads when runs change', async () => {
    const fake = setup();
    const stop = useRunsStore.getState().start();
    await vi.waitFor(() => expect(useRunsStore.getState().data).toHaveLength(1));
    act(() =>
      fake.emit({
        event: 'runs.progress',
        seq: 1,
        payload: {
          runId: 'r1',
          status: 'running',
          done: 7,
          total: 10,
          errors: 1,
          currentModel: 'Q4',
          currentCase: 'c3',
          tokensPerSecond: 41.5,
          etaSeconds: 3,
        },
      }),
    );
    expect(useRunsStore.getState().data?.[0]?.done).toBe(7);
    expect(useRunsStore.getState().progress.r1?.currentCase).toBe('c3');
    act(() => fake.emit({ event: 'runs.changed', seq: 1, payload: null }));
    await vi.waitFor(() => expect(fake.calls.filter((c) => c.name === 'runs.list')).toHaveLength(2));
    stop();
    fake.emit({
      event: 'runs.progress',
      seq: 2,
      payload: {
        runId: 'r1',
        status: 'completed',
        done: 10,
        total: 10,
        errors: 1,
        currentModel: null,
        currentCase: null,
        tokensPerSecond: null,
        etaSeconds: null,
      },
    });
    expect(useRunsStore.getState().progress.r1?.status).toBe('running');
  });

  it('starts a run and remembers its test set file for a re-run', async () => {
    const fake = setup({ 'runs.start': () => ({ ok: true, value: { runId: 'r2' } }) });
    const runId = await useRunsStore.getState().startRun({ testSetPath: '/sets/a.yaml', models: [{ modelId: 'q8' }] });
    expect(runId).toBe('r2');
    expect(useRunsStore.getState().testSetPaths).toEqual({ r2: '/sets/a.yaml' });
    expect(fake.calls[0]).toEqual({ name: 'runs.start', input: { testSetPath: '/sets/a.yaml', models: [{ modelId: 'q8' }] } });
  });

  it('keeps the error of an action with the run it was about', async () => {
    setup({ 'runs.delete': () => ({ ok: false, error: { code: 'conflict', message: 'This run is still running.' } }) });
    expect(await useRunsStore.getState().remove('r1')).toBe(false);
    expect(useRunsStore.getState().actions.remove).toMatchObject({
      status: 'error',
      target: 'r1',
      error: { message: 'This run is still running.' },
    });
  });

  it('polls a run’s telemetry every two seconds until told to stop', async () => {
    vi.useFakeTimers();
    const fake = setup({ 'runs.telemetry': () => ({ ok: true, value: { samples: [], markers: [] } }) });
    const stop = useRunsStore.getState().watchTelemetry('r1');
    await vi.advanceTimersByTimeAsync(TELEMETRY_POLL_MS * 2 + 100);
    expect(fake.calls.filter((c) => c.name === 'runs.telemetry')).toHaveLength(3);
    stop();
    await vi.advanceTimersByTimeAsync(TELEMETRY_POLL_MS * 3);
    expect(fake.calls.filter((c) => c.name === 'runs.telemetry')).toHaveLength(3);
    expect(useRunsStore.getState().telemetry.r1).toEqual({ samples: [], markers: [] });
  });

  it('asks for each model’s memory estimate once per context size', async () => {
    const fake = setup({ 'models.estimateMemory': () => ({ ok: false, error: { code: 'not_found', message: 'gone' } }) });
    await useRunsStore.getState().estimate('q8', 256);
    await useRunsStore.getState().estimate('q8', 256);
    expect(fake.calls).toHaveLength(2);
    expect(useRunsStore.getState().estimates['q8@256']?.status).toBe('error');
  });
});
