import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReviewLabel } from '../../../shared/api';
import type { ModelRunSummary, RunSummary } from '../../../shared/runSummary';
import { bootstrapPassRateCi } from '../../../shared/stats';
import { createClient, setClient } from '../api/client';
import { fakeBridge } from '../test/fakeBridge';
import { runAnswers } from '../components/compare/testing/fakeRun';
import { result, runDetail, score, withVariants } from '../components/compare/testing/runFixtures';
import type { RunDetail, ScoredResult } from '../stores/compareTypes';
import { useCompareStore } from '../stores/compareStore';
import { useReviewStore } from '../stores/reviewStore';
import { useRunsStore } from '../stores/runsStore';
import { ReviewPage } from './ReviewPage';
import { modelRunSummary } from '../../../shared/testing/modelRunSummary';

const fail = [score({ passed: false, score: 0 })];
const detail = runDetail(['c1', 'c2', 'c3'], ['q8', 'q4']);
const results = [
  result({ caseId: 'c1', modelKey: 'm0:q8' }),
  result({ caseId: 'c1', modelKey: 'm1:q4' }),
  result({ caseId: 'c2', modelKey: 'm0:q8' }),
  result({ caseId: 'c2', modelKey: 'm1:q4', output: 'Bonn', scores: fail }),
  result({ caseId: 'c3', modelKey: 'm0:q8', output: 'x', scores: fail }),
  result({ caseId: 'c3', modelKey: 'm1:q4', output: 'y', scores: fail }),
];

/** A run summary as main computes it, each model's pass rate from the results and the review verdicts it was told of. */
function summaryOf(calls: readonly { name: string; input: unknown }[]): RunSummary {
  const verdicts = new Map(
    calls
      .filter((c) => c.name === 'review.set')
      .map((c) => c.input as ReviewLabel)
      .map((l) => [`${l.modelKey} ${l.caseId}`, l.verdict]),
  );
  const model = (modelKey: string, label: string): ModelRunSummary => {
    const mine = results.filter((r) => r.modelKey === modelKey);
    const automatic = mine.map((r) => r.scores.every((x) => x.passed === true));
    const passed = mine.map((r, i) => {
      const v = verdicts.get(`${modelKey} ${r.caseId}`);
      return v === 'pass' ? true : v === 'fail' ? false : (automatic[i] ?? false);
    });
    return modelRunSummary(label, {
      modelKey,
      modelId: label.toLowerCase(),
      results: mine.length,
      passRate: bootstrapPassRateCi(passed),
      automaticPassRate: bootstrapPassRateCi(automatic),
    });
  };
  return {
    runId: detail.id,
    name: detail.spec.name,
    status: 'completed',
    mode: 'latency',
    repetitions: 1,
    cases: 3,
    baseline: null,
    models: [model('m0:q8', 'Q8'), model('m1:q4', 'Q4')],
  };
}

function setup(run: { detail: RunDetail; results: ScoredResult[] } = { detail, results }, withSummary = false) {
  const fake = fakeBridge({
    ...runAnswers(run.detail, run.results),
    ...(withSummary ? { 'runs.summary': () => ({ ok: true as const, value: summaryOf(fake.calls) }) } : {}),
    'review.set': (input) => {
      const i = input as ReviewLabel;
      return {
        ok: true,
        value: i.verdict === null && i.note === '' && i.tags.length === 0 ? null : { ...i, updatedAt: '2026-11-02T10:00:00Z' },
      };
    },
  });
  setClient(createClient(fake.bridge));
  render(<ReviewPage />);
  return fake;
}

const key = (k: string) => act(() => void fireEvent.keyDown(document.body, { key: k }));
const progress = () => screen.getByRole('status', { name: 'Review progress' }).textContent;
const currentItem = () => screen.getByRole('article');
const sets = (fake: ReturnType<typeof setup>) => fake.calls.filter((c) => c.name === 'review.set').map((c) => c.input as ReviewLabel);

beforeEach(() => {
  useCompareStore.setState(useCompareStore.getInitialState(), true);
  useReviewStore.setState(useReviewStore.getInitialState(), true);
  useRunsStore.setState(useRunsStore.getInitialState(), true);
});
afterEach(cleanup);

describe('Review page', () => {
  it('queues failures and both sides of disagreements, and marks them by keyboard', async () => {
    const fake = setup();
    const queue = await screen.findByRole('list', { name: 'Review queue' });
    expect(
      within(queue)
        .getAllByRole('listitem')
        .map((li) => li.textContent.slice(0, 6)),
    ).toEqual(['c2Q8Pa', 'c2Q4Fa', 'c3Q8Fa', 'c3Q4Fa']);
    expect(progress()).toBe('0 of 4 reviewed');
    expect(currentItem().getAttribute('aria-label')).toBe('Case c2, Q8');
    expect(screen.queryByRole('checkbox', { name: 'Include variants whose answer changed' })).toBeNull();

    key('j');
    expect(currentItem().getAttribute('aria-label')).toBe('Case c2, Q4');
    key('p');
    await waitFor(() => expect(progress()).toBe('1 of 4 reviewed'));
    expect(sets(fake)).toEqual([{ runId: 'run-1', modelKey: 'm1:q4', caseId: 'c2', repetition: 0, verdict: 'pass', note: '', tags: [] }]);
    // Marking moves on; the queue keeps its order.
    expect(currentItem().getAttribute('aria-label')).toBe('Case c3, Q8');
    key('f');
    key('u');
    await waitFor(() => expect(progress()).toBe('3 of 4 reviewed'));
    key('k');
    key('ArrowUp');
    expect(currentItem().getAttribute('aria-label')).toBe('Case c2, Q4');
    expect(within(currentItem()).getByRole('button', { name: /^Pass/ }).getAttribute('aria-pressed')).toBe('true');
  });

  it('overrides the automatic pass rate in the statistics, keeping both, with the run summary’s intervals', async () => {
    const fake = setup(undefined, true);
    const table = await screen.findByRole('table', { name: 'Pass rates with review' });
    const q4 = () => within(table).getByRole('row', { name: /^Q4/ }).textContent;
    const cells = () =>
      within(within(table).getByRole('row', { name: /^Q4/ }))
        .getAllByRole('cell')
        .map((c) => c.textContent);
    const percent = (x: number) => (x * 100).toFixed(0);
    const shown = (passed: boolean[]) => {
      const ci = bootstrapPassRateCi(passed);
      return ` (${percent(ci.lower)}–${percent(ci.upper)}%)`;
    };
    await waitFor(() => expect(cells()).toEqual(['33.3% 1/3', `33.3% 1/3${shown([true, false, false])}`, '0']));
    key('j');
    key('p');
    // The automatic rate stays as the scorers had it; the reviewed one moves, and its interval follows once main has summarized it.
    await waitFor(() => expect(cells()[1]).toBe('66.7% 2/3'));
    expect(cells()[0]).toBe('33.3% 1/3');
    expect(cells()[2]).toBe('1');
    const set = sets(fake).at(-1);
    if (set === undefined) throw new Error('no label was saved');
    act(() =>
      fake.emit({
        event: 'review.changed',
        seq: 1,
        payload: {
          runId: set.runId,
          modelKey: set.modelKey,
          caseId: set.caseId,
          repetition: set.repetition,
          label: { ...set, updatedAt: '2026-11-02T10:00:00Z' },
        },
      }),
    );
    await waitFor(() => expect(cells()[1]).toBe(`66.7% 2/3${shown([true, true, false])}`), { timeout: 3000 });
    expect(q4()).toContain('Q4');
  });

  it('undoes the last mark with z, going back to that result', async () => {
    const fake = setup();
    await screen.findByRole('list', { name: 'Review queue' });
    key('f');
    await waitFor(() => expect(progress()).toBe('1 of 4 reviewed'));
    key('j');
    key('z');
    await waitFor(() => expect(progress()).toBe('0 of 4 reviewed'));
    expect(currentItem().getAttribute('aria-label')).toBe('Case c2, Q8');
    expect(sets(fake).at(-1)).toMatchObject({ caseId: 'c2', modelKey: 'm0:q8', verdict: null });
    expect(screen.getByRole('status', { name: 'Review updates' }).textContent).toContain('Undid');
  });

  it('writes a note with n and tags with t, and ignores review keys typed into them', async () => {
    const fake = setup();
    await screen.findByRole('list', { name: 'Review queue' });
    key('n');
    const note = screen.getByRole('textbox', { name: /Note/ });
    expect(document.activeElement).toBe(note);
    fireEvent.keyDown(note, { key: 'f' });
    fireEvent.change(note, { target: { value: 'fine, the scorer is too strict' } });
    fireEvent.keyDown(note, { key: 'Escape' });
    await waitFor(() => expect(sets(fake).at(-1)).toMatchObject({ note: 'fine, the scorer is too strict', verdict: null }));
    key('t');
    const tags = screen.getByRole('textbox', { name: /Tags/ });
    fireEvent.change(tags, { target: { value: 'strict-scorer, geo, geo' } });
    fireEvent.keyDown(tags, { key: 'Enter' });
    await waitFor(() => expect(sets(fake).at(-1)).toMatchObject({ tags: ['strict-scorer', 'geo'] }));
    expect(progress()).toBe('0 of 4 reviewed');
  });

  describe('with robustness variants', () => {
    // The same cases with typo variants: Q4 changes its answer on c1's, Q8 on c2's; Q4 fails c2's with the same wrong answer.
    const robust = {
      detail: withVariants(runDetail(['c1', 'c1~typos#1', 'c2', 'c2~typos#1', 'c3', 'c3~typos#1'], ['q8', 'q4'])),
      results: [
        ...results,
        result({ caseId: 'c1~typos#1', modelKey: 'm0:q8', output: 'Paris' }),
        result({ caseId: 'c1~typos#1', modelKey: 'm1:q4', output: 'Lyon', scores: fail }),
        result({ caseId: 'c2~typos#1', modelKey: 'm0:q8', output: 'Bonn', scores: fail }),
        result({ caseId: 'c2~typos#1', modelKey: 'm1:q4', output: 'Bonn', scores: fail }),
        result({ caseId: 'c3~typos#1', modelKey: 'm0:q8', output: 'x', scores: fail }),
        result({ caseId: 'c3~typos#1', modelKey: 'm1:q4', output: 'y', scores: fail }),
      ],
    };
    const queued = () =>
      within(screen.getByRole('list', { name: 'Review queue' }))
        .getAllByRole('listitem')
        .map((li) => `${li.querySelector('.queue-case')?.textContent ?? ''} ${li.querySelector('.queue-model')?.textContent ?? ''}`);

    it('leaves variants out of the queue, its progress and the pass rates by default', async () => {
      setup(robust);
      await screen.findByRole('list', { name: 'Review queue' });
      expect(queued()).toEqual(['c2 Q8', 'c2 Q4', 'c3 Q8', 'c3 Q4']);
      expect(progress()).toBe('0 of 4 reviewed');
      const table = screen.getByRole('table', { name: 'Pass rates with review' });
      expect(within(within(table).getByRole('row', { name: /^Q4/ })).getAllByRole('cell')[0]?.textContent).toBe('33.3% 1/3');
    });

    it('adds the variants whose answer changed when asked, and counts progress over that set', async () => {
      setup(robust);
      await screen.findByRole('list', { name: 'Review queue' });
      const toggle = screen.getByRole('checkbox', { name: 'Include variants whose answer changed' });
      fireEvent.click(toggle);
      // c2~typos#1 on Q4 failed too, but with the original's answer: a near-duplicate, not queued.
      expect(queued()).toEqual(['c1~typos#1 Q4', 'c2 Q8', 'c2 Q4', 'c2~typos#1 Q8', 'c3 Q8', 'c3 Q4']);
      expect(progress()).toBe('0 of 6 reviewed');
      expect(currentItem().getAttribute('aria-label')).toBe('Case c1~typos#1, Q4');
      expect(currentItem().textContent).toContain('typos #1 of c1');
      expect(within(currentItem()).getByRole('region', { name: 'Answer to the original' }).textContent).toContain('Paris');
      key('f');
      await waitFor(() => expect(progress()).toBe('1 of 6 reviewed'));
      fireEvent.click(toggle);
      expect(progress()).toBe('0 of 4 reviewed');
    });
  });
});
