import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createClient, setClient } from '../api/client';
import { runAnswers } from '../components/compare/testing/fakeRun';
import { result, runDetail } from '../components/compare/testing/runFixtures';
import { fakeBridge } from '../test/fakeBridge';
import { useCompareStore } from './compareStore';

beforeEach(() => useCompareStore.setState(useCompareStore.getInitialState(), true));
afterEach(() => vi.useRealTimers());

describe('compare store', () => {
  it('loads everything about the run opened, and drops a late answer about the one before', async () => {
    let release: () => void = () => undefined;
    const slow = new Promise<void>((resolve) => (release = resolve));
    const detail = runDetail(['c1']);
    const answers = runAnswers(detail, [result()]);
    const fake = fakeBridge({
      ...answers,
      'runs.results': (input) => ((input as { runId: string }).runId === 'old' ? slow.then(() => answers['runs.results']()) : answers['runs.results']()) as never,
    });
    setClient(createClient(fake.bridge));
    useCompareStore.getState().select('old');
    useCompareStore.getState().select('run-1');
    useCompareStore.getState().wantSummary();
    await vi.waitFor(() => expect(useCompareStore.getState().results.status).toBe('ready'));
    expect(useCompareStore.getState().detail.data?.id).toBe('run-1');
    release();
    await slow;
    await Promise.resolve();
    expect(useCompareStore.getState().runId).toBe('run-1');
    // The summary is costly for main: asked for only once something shows it.
    expect(fake.calls.filter((c) => c.name === 'runs.summary').map((c) => c.input)).toEqual([{ runId: 'run-1' }]);
  });

  it('keeps filters across runs but asks again for the summary against another baseline', () => {
    const fake = fakeBridge(runAnswers(runDetail(['c1']), [result()]));
    setClient(createClient(fake.bridge));
    useCompareStore.getState().setFilter({ failedInAny: true });
    useCompareStore.getState().select('run-1');
    useCompareStore.getState().wantSummary();
    useCompareStore.getState().setBaseline('Q4');
    expect(fake.calls.at(-1)).toEqual({ name: 'runs.summary', input: { runId: 'run-1', baseline: 'Q4' } });
    useCompareStore.getState().select('run-2');
    expect(useCompareStore.getState().filter.failedInAny).toBe(true);
    expect(useCompareStore.getState().baseline).toBeNull();
    expect(useCompareStore.getState().summaryWanted).toBe(false);
  });

  it('asks for the summary once after a burst of review changes to the open run', async () => {
    vi.useFakeTimers();
    const fake = fakeBridge(runAnswers(runDetail(['c1']), [result()]));
    setClient(createClient(fake.bridge));
    const stop = useCompareStore.getState().start();
    useCompareStore.getState().select('run-1');
    const summaries = () => fake.calls.filter((c) => c.name === 'runs.summary').length;
    fake.emit({ event: 'review.changed', seq: 1, payload: { runId: 'run-1', modelKey: 'm0:q8', caseId: 'c1', repetition: 0, label: null } });
    await vi.advanceTimersByTimeAsync(2000);
    expect(summaries()).toBe(0);
    useCompareStore.getState().wantSummary();
    expect(summaries()).toBe(1);
    for (let seq = 2; seq <= 6; seq++) fake.emit({ event: 'review.changed', seq, payload: { runId: 'run-1', modelKey: 'm0:q8', caseId: 'c1', repetition: 0, label: null } });
    fake.emit({ event: 'review.changed', seq: 7, payload: { runId: 'other', modelKey: 'm0:q8', caseId: 'c1', repetition: 0, label: null } });
    await vi.advanceTimersByTimeAsync(2000);
    expect(summaries()).toBe(2);
    stop();
  });
});
