import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createClient, setClient } from '../api/client';
import { resultsPage, runAnswers } from '../components/compare/testing/fakeRun';
import { result, runDetail, score } from '../components/compare/testing/runFixtures';
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
      'runs.resultsPage': (input) =>
        ((input as { runId: string }).runId === 'old'
          ? slow.then(() => answers['runs.resultsPage'](input))
          : answers['runs.resultsPage'](input)) as never,
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

  it('shows the results of a big run page by page, first a small page, and keeps what it shows while reloading', async () => {
    const caseIds = Array.from({ length: 1000 }, (_, i) => `c${String(i).padStart(4, '0')}`);
    const detail = runDetail(caseIds);
    const all = caseIds.flatMap((caseId) => [
      result({ caseId }),
      result({ caseId, modelKey: 'm1:q4', scores: [score({ passed: false })] }),
    ]);
    const answers = runAnswers(detail, all);
    const gates: (() => void)[] = [];
    const fake = fakeBridge({
      ...answers,
      // Each page waits until the test lets it through, to look at the store in between.
      'runs.resultsPage': (input) => new Promise((resolve) => gates.push(() => resolve(answers['runs.resultsPage'](input)))) as never,
    });
    setClient(createClient(fake.bridge));
    const stop = useCompareStore.getState().start();
    useCompareStore.getState().select('run-1');
    const state = () => useCompareStore.getState();
    const pass = async () => {
      await vi.waitFor(() => expect(gates.length).toBe(1));
      gates.shift()?.();
      await vi.waitFor(() => expect(gates.length + (state().results.status === 'ready' ? 1 : 0)).toBe(1));
    };
    await pass();
    expect(state().results).toMatchObject({ status: 'loading' });
    expect(state().results.data).toHaveLength(200);
    expect(state().resultsProgress).toEqual({ cases: 100, total: 1000 });
    await pass();
    expect(state().results.data).toHaveLength(600);
    expect(state().resultsProgress).toEqual({ cases: 300, total: 1000 });
    while (state().results.status !== 'ready') await pass();
    expect(
      fake.calls.filter((c) => c.name === 'runs.resultsPage').map((c) => (c.input as { offset: number; limit: number }).limit),
    ).toEqual([100, 200, 400, 800]);
    expect(state().results.data).toEqual(all);
    expect(state().resultsProgress).toBeNull();
    // A reload keeps the complete results on screen until the new set is complete.
    const shown = state().results.data;
    fake.emit({ event: 'runs.changed', seq: 1, payload: null });
    await pass();
    expect(state().results.data).toBe(shown);
    expect(state().resultsProgress).toBeNull();
    while (state().results.status !== 'ready') await pass();
    expect(state().results.data).not.toBe(shown);
    expect(state().results.data).toEqual(all);
    stop();
  });

  it('pages whole cases in run order, as main does', () => {
    const detail = runDetail(['b', 'a', 'c']);
    const page = resultsPage(detail, [result({ caseId: 'a' }), result({ caseId: 'b' }), result({ caseId: 'c' })], { offset: 0, limit: 2 });
    expect(page).toMatchObject({ caseCount: 3, nextOffset: 2 });
    expect(page.results.map((r) => r.caseId)).toEqual(['b', 'a']);
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
    fake.emit({
      event: 'review.changed',
      seq: 1,
      payload: { runId: 'run-1', modelKey: 'm0:q8', caseId: 'c1', repetition: 0, label: null },
    });
    await vi.advanceTimersByTimeAsync(2000);
    expect(summaries()).toBe(0);
    useCompareStore.getState().wantSummary();
    expect(summaries()).toBe(1);
    for (let seq = 2; seq <= 6; seq++)
      fake.emit({ event: 'review.changed', seq, payload: { runId: 'run-1', modelKey: 'm0:q8', caseId: 'c1', repetition: 0, label: null } });
    fake.emit({
      event: 'review.changed',
      seq: 7,
      payload: { runId: 'other', modelKey: 'm0:q8', caseId: 'c1', repetition: 0, label: null },
    });
    await vi.advanceTimersByTimeAsync(2000);
    expect(summaries()).toBe(2);
    stop();
  });
  it('asks for the summary again when a page starts, so a review label set just before leaving the last page is counted', async () => {
    const detail = runDetail(['c1']);
    const fake = fakeBridge(runAnswers(detail, [result()]));
    setClient(createClient(fake.bridge));
    const summaries = () => fake.calls.filter((c) => c.name === 'runs.summary').length;
    let stop = useCompareStore.getState().start();
    useCompareStore.getState().select('run-1');
    useCompareStore.getState().wantSummary();
    await vi.waitFor(() => expect(useCompareStore.getState().summary.status).toBe('ready'));
    const before = summaries();
    // A label arrives, and the page is left before the debounced reload fires: the reload is dropped.
    fake.emit({
      event: 'review.changed',
      seq: 1,
      payload: { runId: 'run-1', modelKey: 'm0:q8', caseId: 'c1', repetition: 0, label: null },
    });
    stop();
    stop = useCompareStore.getState().start();
    await vi.waitFor(() => expect(summaries()).toBe(before + 1));
    stop();
  });
});
