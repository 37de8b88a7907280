import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ModelRunSummary, RunSummary } from '../../../../shared/runSummary';
import { summarizeSamples } from '../../../../shared/stats';
import { modelRunSummary, runSummary } from '../../../../shared/testing/modelRunSummary';
import { TimingTable } from './TimingTable';

afterEach(cleanup);

const model = (label: string, ttft: number[]): ModelRunSummary =>
  modelRunSummary(label, {
    results: ttft.length,
    timeToFirstTokenMs: summarizeSamples(ttft),
    generationTokensPerSecond: summarizeSamples([100, 102, 104]),
  });
const summary: RunSummary = runSummary([model('F16', [10, 11, 12, 13, 14]), model('Q4_0', [5, 6, 20, 40, 41])], {
  cases: 5,
  baseline: 'F16',
});

describe('TimingTable in Compare', () => {
  it('shows every median with its IQR and n, and flags the one too spread out to compare', () => {
    render(<TimingTable summary={summary} />);
    const table = screen.getByRole('table', { name: 'Timing' });
    const f16 = within(table).getByRole('row', { name: /^F16/ });
    expect(f16.textContent).toContain('12 (IQR 2, n=5)');
    expect(f16.textContent).not.toContain('too wide');
    expect(within(table).getByRole('row', { name: /^Q4_0/ }).textContent).toContain('20 (IQR 34, n=5) spread too wide to compare');
    expect(screen.queryByRole('note')).toBeNull();
  });

  it('warns that the timings were measured on a busy machine', () => {
    render(
      <TimingTable summary={{ ...summary, competingLoad: { cores: 2, atStart: 0.2, mean: 1.1, peak: 1.9, samples: 30, busy: true } }} />,
    );
    expect(screen.getByRole('note').textContent).toContain(
      'Timing figures measured on a busy machine: other processes used 1.1 of 2 cores',
    );
  });

  it('gives llama.cpp’s own decode rate its own labelled column beside the end-to-end rate, where a model has it', () => {
    render(<TimingTable summary={summary} />);
    expect(screen.queryByRole('columnheader', { name: /inside llama\.cpp/ })).toBeNull();
    cleanup();
    const [f16, q4] = summary.models as [ModelRunSummary, ModelRunSummary];
    render(
      <TimingTable
        summary={{
          ...summary,
          models: [
            { ...f16, llamaCppDecodeTokensPerSecond: summarizeSamples([120, 121, 122]) },
            { ...q4, llamaCppDecodeTokensPerSecond: null },
          ],
        }}
      />,
    );
    const table = screen.getByRole('table', { name: 'Timing' });
    const headers = within(table)
      .getAllByRole('columnheader')
      .map((h) => h.textContent);
    expect(headers.indexOf('Decode inside llama.cpp tokens/s, median (IQR, n)')).toBe(
      headers.indexOf('Generation tokens/s, median (IQR, n)') + 1,
    );
    const cells = (label: RegExp): string[] =>
      within(within(table).getByRole('row', { name: label }))
        .getAllByRole('cell')
        .map((c) => c.textContent);
    expect(cells(/^F16/)[2]).toBe('121.0 (IQR 1.0, n=3)');
    expect(cells(/^Q4_0/)[2]).toBe('—');
    expect(screen.getByText(/Generation is end to end, as a case saw it/)).toBeTruthy();
  });
});
