import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ReviewLabel } from '../../../shared/api';
import type { ReportOptionsInput } from '../../../shared/reports';
import { createClient, setClient } from '../api/client';
import { runAnswers } from '../components/compare/testing/fakeRun';
import { result, runDetail, score } from '../components/compare/testing/runFixtures';
import { failingCases } from '../components/reports/failingCases';
import { useReportsStore } from '../stores/reportsStore';
import { useRunsStore } from '../stores/runsStore';
import { fakeBridge } from '../test/fakeBridge';
import { ReportsPage } from './ReportsPage';

const fail = [score({ passed: false, score: 0 })];
const detail = runDetail(['c1', 'c2', 'c3'], ['q8', 'q4']);
const results = [
  result({ caseId: 'c1', modelKey: 'm0:q8' }),
  result({ caseId: 'c1', modelKey: 'm1:q4' }),
  result({ caseId: 'c2', modelKey: 'm0:q8' }),
  result({ caseId: 'c2', modelKey: 'm1:q4', output: 'Bonn', scores: fail }),
  result({ caseId: 'c3', modelKey: 'm0:q8', output: null, error: { kind: 'crashed', message: 'gone', logs: [] }, scores: [] }),
  result({ caseId: 'c3', modelKey: 'm1:q4', output: 'x' }),
];
const label = (overrides: Partial<ReviewLabel>): ReviewLabel => ({
  runId: 'run-1',
  modelKey: 'm1:q4',
  caseId: 'c2',
  repetition: 0,
  verdict: 'fail',
  note: '',
  tags: [],
  updatedAt: '2026-11-02T10:00:00Z',
  ...overrides,
});

function setup() {
  const fake = fakeBridge({
    ...runAnswers(detail, results),
    'review.list': () => ({ ok: true, value: [label({})] }),
    'reports.render': (input) => ({ ok: true, value: { html: `<h1>${(input as ReportOptionsInput).title ?? 'Capitals'}</h1>` } }),
    'reports.export': () => ({
      ok: true,
      value: {
        files: [{ fileName: 'capitals.csv', path: '/data/reports/capitals.csv', sizeBytes: 3, mimeType: 'text/csv', base64: btoa('a,b') }],
      },
    }),
  });
  setClient(createClient(fake.bridge));
  render(<ReportsPage />);
  return fake;
}

const renders = (fake: ReturnType<typeof setup>) =>
  fake.calls.filter((c) => c.name === 'reports.render').map((c) => c.input as ReportOptionsInput);

beforeEach(() => {
  useRunsStore.setState(useRunsStore.getInitialState(), true);
  useReportsStore.setState(useReportsStore.getInitialState(), true);
  URL.createObjectURL = vi.fn(() => 'blob:report');
  URL.revokeObjectURL = vi.fn();
});
afterEach(cleanup);

describe('failingCases', () => {
  it('lists the cases a model failed or could not run, a reviewer’s pass clearing a failure', () => {
    expect(failingCases(detail, results, [], ['Q8', 'Q4']).map((c) => [c.caseId, c.models, c.reviewed])).toEqual([
      ['c2', ['Q4'], false],
      ['c3', ['Q8'], false],
    ]);
    expect(failingCases(detail, results, [label({ verdict: 'pass' })], ['Q8', 'Q4']).map((c) => c.caseId)).toEqual(['c3']);
    expect(
      failingCases(detail, results, [label({ caseId: 'c1', modelKey: 'm0:q8' })], ['Q8', 'Q4']).map((c) => [c.caseId, c.reviewed]),
    ).toEqual([
      ['c1', true],
      ['c2', false],
      ['c3', false],
    ]);
  });
});

describe('ReportsPage', () => {
  it('previews the report with the title, sections and hand-picked failure cases chosen', async () => {
    const fake = setup();
    const preview = await screen.findByTitle('Report preview');
    expect(preview.getAttribute('srcdoc')).toBe('<h1>Capitals</h1>');
    expect(preview.getAttribute('sandbox')).toBe('');
    const form = screen.getByRole('form', { name: 'Report options' });
    fireEvent.change(within(form).getByRole('textbox', { name: 'Title' }), { target: { value: 'Q8 against Q4' } });
    fireEvent.click(within(form).getByRole('checkbox', { name: 'Charts' }));
    await waitFor(() => expect(renders(fake).at(-1)?.sections).toEqual(['summary', 'fidelity', 'tags', 'failures', 'reproducibility']));
    const fidelity = within(form).getByRole('checkbox', { name: 'Quantisation fidelity' });
    expect((fidelity as HTMLInputElement).checked).toBe(true);
    fireEvent.click(fidelity);
    fireEvent.click(within(form).getByRole('radio', { name: 'Hand-picked' }));
    fireEvent.click(await within(form).findByRole('checkbox', { name: /c3/ }));
    await waitFor(() =>
      expect(renders(fake).at(-1)).toEqual({
        runId: 'run-1',
        title: 'Q8 against Q4',
        notes: '',
        sections: ['summary', 'tags', 'failures', 'reproducibility'],
        failures: { mode: 'picked', caseIds: ['c3'] },
      }),
    );
    await waitFor(() => expect(screen.getByTitle('Report preview').getAttribute('srcdoc')).toBe('<h1>Q8 against Q4</h1>'));
    expect(within(form).getByRole('group', { name: /Failed cases to include \(1 of 2 picked\)/ })).toBeTruthy();
  });

  it('exports a format, says where the file went and hands it to the browser', async () => {
    const fake = setup();
    await screen.findByTitle('Report preview');
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    expect(await screen.findByText(/Saved \/data\/reports\/capitals\.csv \(3 B\)/)).toBeTruthy();
    expect(fake.calls.find((c) => c.name === 'reports.export')?.input).toMatchObject({
      format: 'csv',
      options: { runId: 'run-1', failures: { mode: 'reviewed' } },
    });
    expect(click).toHaveBeenCalledTimes(1);
    click.mockRestore();
  });
});
