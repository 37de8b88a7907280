import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createClient, setClient } from '../api/client';
import { fakeBridge } from '../test/fakeBridge';
import { result, runDetail, score, withVariants } from '../components/compare/testing/runFixtures';
import { listItem, runAnswers } from '../components/compare/testing/fakeRun';
import type { ScoredResult } from '../stores/compareTypes';
import { useCompareStore } from '../stores/compareStore';
import { useReviewStore } from '../stores/reviewStore';
import { useRunsStore } from '../stores/runsStore';
import { ComparePage } from './ComparePage';
import { modelRunSummary } from '../../../shared/testing/modelRunSummary';

// Monaco needs a real browser (workers, layout); the diff itself is checked in e2e/runs.spec.ts.
vi.mock('../components/compare/CaseDiff', () => ({
  default: ({ row, focusModel }: { row: { testCase: { id: string } }; focusModel: string | null }) => (
    <section aria-label="Diff">{`${row.testCase.id} from ${String(focusModel)}`}</section>
  ),
}));

const fail = [score({ passed: false, score: 0, explanation: 'Expected "Berlin", got "Bonn".' })];

function smallRun() {
  const detail = runDetail(['c1', 'c2', 'c3', 'c4'], ['q8', 'q4'], { c1: ['geo'], c2: ['geo'], c3: ['math'], c4: ['math'] });
  const results: ScoredResult[] = [
    result({ caseId: 'c1', modelKey: 'm0:q8' }),
    result({ caseId: 'c1', modelKey: 'm1:q4' }),
    result({ caseId: 'c2', modelKey: 'm0:q8', output: 'Berlin' }),
    result({ caseId: 'c2', modelKey: 'm1:q4', output: 'Bonn', scores: fail }),
    result({ caseId: 'c3', modelKey: 'm0:q8', output: '', scores: fail }),
    result({
      caseId: 'c3',
      modelKey: 'm1:q4',
      output: null,
      stopReason: null,
      timings: null,
      scores: [],
      error: {
        kind: 'crashed',
        message: 'The worker for Q4 exited with signal SIGSEGV.',
        logs: ['llama_model_load: tensor data out of bounds'],
      },
    }),
    result({ caseId: 'c4', modelKey: 'm0:q8' }),
    result({ caseId: 'c4', modelKey: 'm1:q4' }),
  ];
  return { detail, results };
}

function setup(detail = smallRun().detail, results = smallRun().results) {
  const fake = fakeBridge(runAnswers(detail, results));
  setClient(createClient(fake.bridge));
  render(<ComparePage />);
  return fake;
}

beforeEach(() => {
  useCompareStore.setState(useCompareStore.getInitialState(), true);
  useReviewStore.setState(useReviewStore.getInitialState(), true);
  useRunsStore.setState(useRunsStore.getInitialState(), true);
});
afterEach(cleanup);

describe('Compare page', () => {
  it('opens the newest run with results and shows cases as rows and models as columns', async () => {
    setup();
    const grid = await screen.findByRole('table', { name: 'Cases by model' });
    expect(
      within(grid)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Case · expected', 'Q83/4 pass', 'Q42/3 pass']);
    // A run without robustness variants has nothing to choose.
    expect(screen.queryByRole('radiogroup', { name: 'Variants' })).toBeNull();
    const row = within(grid).getByRole('button', { name: 'Open case c2' }).closest<HTMLElement>('[role="row"]');
    if (row === null) throw new Error('case c2 has no row');
    const cells = within(row).getAllByRole('cell');
    expect(cells[0]?.textContent).toContain('Pass');
    expect(cells[1]?.textContent).toContain('Fail');
    expect(cells[1]?.textContent).toContain('Bonn');
    expect(within(row).getByRole('rowheader').textContent).toContain('Expected: answer c2');
  });

  it('resizes a column from the keyboard (or by dragging its edge), header and rows alike', async () => {
    setup();
    const grid = await screen.findByRole('table', { name: 'Cases by model' });
    const handle = within(grid).getByRole('separator', { name: 'Resize column Q4' });
    const columnsOf = (el: Element | null): string => (el as HTMLElement | null)?.style.gridTemplateColumns ?? '';
    const header = handle.closest('[role="row"]');
    const body = within(grid).getByRole('button', { name: 'Open case c1' }).closest('[role="row"]');
    expect(columnsOf(header)).toBe('300px 280px 280px');
    fireEvent.keyDown(handle, { key: 'ArrowRight' });
    fireEvent.keyDown(handle, { key: 'ArrowRight', shiftKey: true });
    expect(handle.getAttribute('aria-valuenow')).toBe('400');
    expect(columnsOf(header)).toBe('300px 280px 400px');
    expect(columnsOf(body)).toBe('300px 280px 400px');
    // Never narrower than a column can show.
    for (let i = 0; i < 20; i++)
      fireEvent.keyDown(within(grid).getByRole('separator', { name: 'Resize column Case' }), { key: 'ArrowLeft' });
    expect(columnsOf(header)).toBe('140px 280px 400px');
  });

  it('puts an earlier run of the same test set beside this one, its models as extra columns', async () => {
    const { detail, results } = smallRun();
    const before = { ...runDetail(['c1', 'c2', 'c3', 'c4'], ['old']), id: 'run-0' };
    const beforeResults = ['c1', 'c2', 'c3', 'c4'].map((caseId) =>
      result({ runId: 'run-0', caseId, modelKey: 'm0:old', output: `before ${caseId}`, scores: caseId === 'c1' ? fail : [score()] }),
    );
    const list = [
      listItem({ caseCount: 4, total: results.length, done: results.length, testSetPath: '/sets/capitals.yaml' }),
      listItem({
        id: 'run-0',
        name: 'Before the upgrade',
        createdAt: '2026-10-01T10:00:00Z',
        models: ['Old'],
        caseCount: 4,
        total: 4,
        done: 4,
        testSetPath: '/sets/capitals.yaml',
      }),
      listItem({ id: 'run-9', name: 'Another set', createdAt: '2026-09-01T10:00:00Z', testSetPath: '/sets/other.yaml' }),
    ];
    const answers = runAnswers(detail, results, list);
    const pick =
      <T,>(mine: T, theirs: T) =>
      (input: unknown) => ({ ok: true as const, value: (input as { runId: string }).runId === 'run-0' ? theirs : mine });
    const fake = fakeBridge({ ...answers, 'runs.get': pick(detail, before), 'runs.results': pick(results, beforeResults) });
    setClient(createClient(fake.bridge));
    render(<ComparePage />);
    const grid = await screen.findByRole('table', { name: 'Cases by model' });
    const beside = screen.getByRole('combobox', { name: 'Beside another run' });
    // Only runs of the same test set are offered.
    expect(
      within(beside)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['none', expect.stringMatching(/^Before the upgrade · /) as unknown]);
    fireEvent.change(beside, { target: { value: 'run-0' } });
    await waitFor(() => expect(within(grid).getAllByRole('columnheader')).toHaveLength(4));
    expect(within(grid).getAllByRole('columnheader')[3]?.textContent).toBe('OLD (Before the upgrade)3/4 pass');
    const row = within(grid).getByRole('button', { name: 'Open case c1' }).closest<HTMLElement>('[role="row"]');
    if (row === null) throw new Error('case c1 has no row');
    expect(within(row).getAllByRole('cell')[2]?.textContent).toContain('before c1');
    // Back to this run alone.
    fireEvent.change(beside, { target: { value: '' } });
    await waitFor(() => expect(within(grid).getAllByRole('columnheader')).toHaveLength(3));
  });

  it('combines filters: failures in any model, a tag, a failure category, text', async () => {
    setup();
    await screen.findByRole('table', { name: 'Cases by model' });
    const count = screen.getByText('4 cases');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Failed in any model' }));
    expect(count.textContent).toBe('Showing 2 of 4 cases');
    const tags = screen.getByRole('listbox', { name: 'Tags' });
    within(tags).getByRole<HTMLOptionElement>('option', { name: 'math' }).selected = true;
    fireEvent.change(tags);
    expect(count.textContent).toBe('Showing 1 of 4 cases');
    fireEvent.change(screen.getByRole('combobox', { name: 'Failure category' }), { target: { value: 'runtime-error' } });
    expect(count.textContent).toBe('Showing 1 of 4 cases');
    fireEvent.change(screen.getByRole('combobox', { name: 'Failure category' }), { target: { value: 'too-long' } });
    expect(count.textContent).toBe('Showing 0 of 4 cases');
    fireEvent.click(screen.getByRole('button', { name: /Clear filters/ }));
    fireEvent.click(screen.getByRole('checkbox', { name: /Failed in$/ }));
    expect(count.textContent).toBe('Showing 1 of 4 cases');
    expect(screen.getByRole('button', { name: 'Open case c2' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /Clear filters/ }));
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search prompts and outputs' }), { target: { value: 'sigsegv' } });
    expect(count.textContent).toBe('Showing 1 of 4 cases');
  });

  it('opens a case with every scorer’s explanation, timings and the worker’s log', async () => {
    setup();
    fireEvent.click(await screen.findByRole('button', { name: 'Open case c3' }));
    const dialog = screen.getByRole('dialog', { name: 'Case c3' });
    expect((await within(dialog).findByRole('region', { name: 'Diff' })).textContent).toBe('c3 from null');
    const q8 = within(dialog).getByRole('region', { name: 'Q8' });
    expect(within(q8).getByRole('table', { name: 'Scorers' }).textContent).toContain('Expected "Berlin", got "Bonn".');
    expect(within(q8).getByText('Empty output')).toBeTruthy();
    const fact = (label: string) => within(q8).getByText(label, { selector: 'dt' }).nextElementSibling?.textContent;
    expect(fact('Tokens')).toBe('10 prompt, 5 generated');
    expect(fact('Time to first token')).toBe('50 ms');
    expect(fact('Generation speed')).toBe('40.0 tok/s');
    const q4 = within(dialog).getByRole('region', { name: 'Q4' });
    expect(within(q4).getByRole('group', { name: 'Harness error' }).textContent).toContain('tensor data out of bounds');
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('renders only a window of rows of a 10,000-case run by 8 models, and follows the scroll', async () => {
    const models = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    const ids = Array.from({ length: 10_000 }, (_, i) => `case-${String(i).padStart(5, '0')}`);
    const detail = runDetail(ids, models);
    const base = result();
    const results = ids.flatMap((caseId) => models.map((m, i) => ({ ...base, caseId, modelKey: `m${i}:${m}` })));
    setup(detail, results);
    const grid = await screen.findByRole('table', { name: 'Cases by model' }, { timeout: 20_000 });
    expect(grid.getAttribute('aria-rowcount')).toBe('10001');
    const rendered = () => within(grid).getAllByRole('row').length - 1;
    expect(rendered()).toBeGreaterThan(3);
    expect(rendered()).toBeLessThan(30);
    expect(within(grid).queryByRole('button', { name: 'Open case case-05000' })).toBeNull();
    fireEvent.scroll(grid, { target: { scrollTop: 44 + 5000 * 156 } });
    await waitFor(() => expect(within(grid).getByRole('button', { name: 'Open case case-05000' })).toBeTruthy());
    expect(rendered()).toBeLessThan(30);
    expect(within(grid).queryByRole('button', { name: 'Open case case-00000' })).toBeNull();
  }, 30_000);

  it('shows the charts, each named and summed up in words', async () => {
    setup();
    fireEvent.click(await screen.findByRole('tab', { name: 'Charts' }));
    const names = [
      'Quality per model',
      'Failures by category',
      'Time to first token per model',
      'Generation speed per model',
      'Memory over the run',
      'Quality vs file size',
      'Quality vs generation speed',
      'Quality vs peak memory',
      'Pass rate by tag',
    ];
    for (const name of names) expect(await screen.findByRole('figure', { name })).toBeTruthy();
    const failures = screen.getByRole('figure', { name: 'Failures by category' });
    expect(failures.getAttribute('aria-describedby')).not.toBeNull();
    expect(failures.textContent).toContain('Q8: 1 failed (1 empty output). Q4: 2 failed (1 runtime error, 1 wrong answer).');
    expect(screen.getByRole('figure', { name: 'Pass rate by tag' }).textContent).toContain(
      'geo: Q8 2 of 2, Q4 1 of 2. math: Q8 1 of 2, Q4 1 of 1.',
    );
  });

  it('draws the reviewed pass rate beside the automatic one, and says so', async () => {
    const { detail, results } = smallRun();
    const interval = (estimate: number, n: number) => ({
      estimate,
      lower: 0,
      upper: 1,
      confidence: 0.95,
      resamples: 10_000,
      seed: 12345,
      n,
    });
    // As main summarizes: `passRate` with the review verdicts applied, `automaticPassRate` the scorers' own.
    const model = (modelKey: string, label: string, passRate: number, n: number, reviewedRate = passRate) =>
      modelRunSummary(label, {
        modelKey,
        modelId: modelKey.slice(3),
        results: 4,
        passRate: interval(reviewedRate, n),
        automaticPassRate: interval(passRate, n),
      });
    const fake = fakeBridge({
      ...runAnswers(detail, results),
      'runs.summary': () => ({
        ok: true,
        value: {
          runId: 'run-1',
          name: 'Capitals',
          status: 'completed',
          mode: 'latency',
          repetitions: 1,
          cases: 4,
          baseline: 'Q8',
          models: [model('m0:q8', 'Q8', 0.75, 4), model('m1:q4', 'Q4', 2 / 3, 3, 1)],
        },
      }),
      'review.list': () => ({
        ok: true,
        value: [
          {
            runId: 'run-1',
            modelKey: 'm1:q4',
            caseId: 'c2',
            repetition: 0,
            verdict: 'pass',
            note: 'Bonn was the capital once',
            tags: [],
            updatedAt: '',
          },
        ],
      }),
    });
    setClient(createClient(fake.bridge));
    render(<ComparePage />);
    const row = (await screen.findByRole('button', { name: 'Open case c2' })).closest<HTMLElement>('[role="row"]');
    if (row === null) throw new Error('case c2 has no row');
    expect(within(row).getAllByRole('cell')[1]?.textContent).toContain('Reviewed: pass');
    expect(within(row).getAllByRole('cell')[1]?.textContent).toContain('auto: fail');
    fireEvent.click(screen.getByRole('tab', { name: 'Charts' }));
    const quality = await screen.findByRole('figure', { name: 'Quality per model' });
    expect(quality.textContent).toContain('Q4: 66.7% passed (95% interval 0.0%–100.0%, n=3); 100.0% with 1 review override.');
  });

  describe('with robustness variants', () => {
    // c1 and c2 with typo and casing variants; Q8 changes its answer on c2's typos, Q4 on c1's typos and c2's casing.
    function robustRun() {
      const detail = withVariants(runDetail(['c1', 'c1~typos#1', 'c2', 'c2~typos#1', 'c2~casing#1'], ['q8', 'q4']));
      const results: ScoredResult[] = [
        result({ caseId: 'c1', modelKey: 'm0:q8', output: 'Paris' }),
        result({ caseId: 'c1', modelKey: 'm1:q4', output: 'Paris' }),
        result({ caseId: 'c1~typos#1', modelKey: 'm0:q8', output: 'Paris' }),
        result({ caseId: 'c1~typos#1', modelKey: 'm1:q4', output: 'Lyon', scores: fail }),
        result({ caseId: 'c2', modelKey: 'm0:q8', output: 'Berlin' }),
        result({ caseId: 'c2', modelKey: 'm1:q4', output: 'Bonn', scores: fail }),
        result({ caseId: 'c2~typos#1', modelKey: 'm0:q8', output: 'Bonn', scores: fail }),
        result({ caseId: 'c2~typos#1', modelKey: 'm1:q4', output: 'Bonn', scores: fail }),
        result({ caseId: 'c2~casing#1', modelKey: 'm0:q8', output: 'berlin.' }),
        result({ caseId: 'c2~casing#1', modelKey: 'm1:q4', output: 'Berlin' }),
      ];
      return { detail, results };
    }
    const heads = (grid: HTMLElement) =>
      within(grid)
        .getAllByRole('columnheader')
        .map((h) => h.textContent);

    it('counts the originals by default, as the run summary does, and the Variants control changes the counts and the filters', async () => {
      const { detail, results } = robustRun();
      setup(detail, results);
      const grid = await screen.findByRole('table', { name: 'Cases by model' });
      const scope = screen.getByRole('radiogroup', { name: 'Variants' });
      expect(within(scope).getByRole<HTMLInputElement>('radio', { name: 'Originals only' }).checked).toBe(true);
      const count = screen.getByText('2 cases');
      expect(heads(grid)).toEqual(['Case · expected', 'Q82/2 pass', 'Q41/2 pass']);
      expect(within(grid).queryByRole('button', { name: 'Open case c1~typos#1' })).toBeNull();

      fireEvent.click(within(scope).getByRole('radio', { name: 'With variants' }));
      expect(count.textContent).toBe('5 cases and variants');
      expect(heads(grid)).toEqual(['Case · expected', 'Q84/5 pass', 'Q42/5 pass']);

      fireEvent.click(within(scope).getByRole('radio', { name: 'Variants only' }));
      expect(count.textContent).toBe('3 variants');
      expect(heads(grid)).toEqual(['Case · expected', 'Q82/3 pass', 'Q41/3 pass']);
      // Filters work within the scope, and clearing them keeps it.
      fireEvent.click(screen.getByRole('checkbox', { name: 'Models disagree' }));
      expect(count.textContent).toBe('Showing 1 of 3 variants');
      expect(heads(grid)).toEqual(['Case · expected', 'Q81/1 pass', 'Q40/1 pass']);
      fireEvent.click(screen.getByRole('button', { name: 'Clear filters (1)' }));
      expect(count.textContent).toBe('3 variants');
      expect(within(scope).getByRole<HTMLInputElement>('radio', { name: 'Variants only' }).checked).toBe(true);
    });

    it('badges a variant row with its perturbation and original', async () => {
      const { detail, results } = robustRun();
      setup(detail, results);
      await screen.findByRole('table', { name: 'Cases by model' });
      fireEvent.click(screen.getByRole('radio', { name: 'With variants' }));
      const header = (id: string) => screen.getByRole('button', { name: `Open case ${id}` }).closest<HTMLElement>('[role="rowheader"]');
      expect(header('c1~typos#1')?.querySelector('.variant-badge')?.textContent).toBe('typos #1 of c1');
      expect(header('c2~casing#1')?.querySelector('.variant-badge')?.textContent).toBe('casing #1 of c2');
      expect(header('c2')?.querySelector('.variant-badge')).toBeNull();
    });

    it('lists an original’s variants in its details, with each answer and whether it stayed the same, and jumps to one', async () => {
      const { detail, results } = robustRun();
      setup(detail, results);
      fireEvent.click(await screen.findByRole('button', { name: 'Open case c2' }));
      const dialog = screen.getByRole('dialog', { name: 'Case c2' });
      const table = within(dialog).getByRole('table', { name: 'Variants' });
      const line = (id: string) =>
        within(table)
          .getByRole('button', { name: `Open variant ${id}` })
          .closest('tr');
      const cells = (id: string) => [...(line(id)?.querySelectorAll('td') ?? [])].map((td) => td.textContent);
      // "berlin." is Berlin once case and punctuation are ignored; Q4's "Berlin" is not its "Bonn".
      expect(cells('c2~typos#1')).toEqual(['Failanswer changedBonn', 'Failsame answerBonn']);
      expect(cells('c2~casing#1')).toEqual(['Passsame answerberlin.', 'Passanswer changedBerlin']);

      fireEvent.click(within(table).getByRole('button', { name: 'Open variant c2~typos#1' }));
      const variant = screen.getByRole('dialog', { name: 'Case c2~typos#1' });
      expect(variant.textContent).toContain('typos #1 of c2');
      expect(within(variant).queryByRole('table', { name: 'Variants' })).toBeNull();
      fireEvent.click(within(variant).getByRole('button', { name: 'Open the original, c2' }));
      expect(screen.getByRole('dialog', { name: 'Case c2' })).toBeTruthy();
    });

    it('draws the charts from the originals only', async () => {
      const { detail, results } = robustRun();
      setup(detail, results);
      fireEvent.click(await screen.findByRole('tab', { name: 'Charts' }));
      const failures = await screen.findByRole('figure', { name: 'Failures by category' });
      expect(failures.textContent).toContain('Q8: no failures. Q4: 1 failed (1 wrong answer).');
    });
  });

  it('says a run left running by a host that stopped is interrupted, as the Runs page does', async () => {
    const { detail, results } = smallRun();
    const fake = fakeBridge(
      runAnswers(detail, results, [listItem({ status: 'running', active: false, caseCount: 4, total: 24, done: 5 })]),
    );
    setClient(createClient(fake.bridge));
    render(<ComparePage />);
    expect(await screen.findByText('interrupted: 5 of 24 results')).toBeTruthy();
    const picker = screen.getByRole('combobox', { name: 'Run' });
    expect(
      within(picker)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual([expect.stringMatching(/ \(interrupted\)$/) as string]);
    expect(screen.queryByText(/running/)).toBeNull();
  });

  it('keeps the empty state until a run has results', async () => {
    const fake = fakeBridge({ 'runs.list': () => ({ ok: true, value: [listItem({ done: 0, status: 'running' })] }) });
    setClient(createClient(fake.bridge));
    render(<ComparePage />);
    expect(await screen.findByRole('heading', { name: 'Nothing to compare yet' })).toBeTruthy();
  });
});
