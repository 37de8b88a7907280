import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ModelRunSummary } from '../../../../shared/runSummary';
import { LoglikelihoodTable } from './LoglikelihoodPanel';

afterEach(cleanup);

const interval = (estimate: number, lower: number, upper: number) => ({ estimate, lower, upper });

describe('LoglikelihoodTable', () => {
  it('shows acc, acc_norm and P(correct) with intervals for the models that scored choices, with the acc verdict', () => {
    const figures = {
      items: 32,
      acc: interval(0.875, 0.75, 0.969),
      accNorm: interval(0.8125, 0.656, 0.938),
      probCorrect: interval(0.849, 0.752, 0.93),
    };
    const models = [
      { modelKey: 'm0', label: 'F32', loglikelihood: { ...figures, comparison: null } },
      { modelKey: 'm1', label: 'remote' },
      {
        modelKey: 'm2',
        label: 'Q4_0',
        loglikelihood: { ...figures, comparison: { acc: { verdict: 'No significant difference between Q4_0 and F32' } } },
      },
    ] as unknown as ModelRunSummary[];
    render(<LoglikelihoodTable models={models} />);
    const rows = within(screen.getByRole('table', { name: 'Log-likelihood multiple choice' })).getAllByRole('row');
    const cells = (i: number): string[] => Array.from(rows[i]?.querySelectorAll('th, td') ?? [], (c) => c.textContent);
    expect(rows).toHaveLength(3);
    expect(cells(1)).toEqual(['F32', '32', '87.5% (75.0%–96.9%)', '81.3% (65.6%–93.8%)', '84.9% (75.2%–93.0%)', '—']);
    expect(cells(2)).toEqual([
      'Q4_0',
      '32',
      '87.5% (75.0%–96.9%)',
      '81.3% (65.6%–93.8%)',
      '84.9% (75.2%–93.0%)',
      'No significant difference between Q4_0 and F32',
    ]);
  });
});
