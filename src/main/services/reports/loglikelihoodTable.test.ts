import { describe, expect, it } from 'vitest';
import type { LoglikelihoodRunSummary } from '../../../shared/runSummary';
import type { Report } from './Report';
import { loglikelihoodTable } from './loglikelihoodTable';

const interval = (estimate: number, lower: number, upper: number) => ({
  estimate,
  lower,
  upper,
  confidence: 0.95,
  resamples: 10_000,
  seed: 12345,
  n: 32,
});
const figure = (verdict: string) => ({ difference: -0.0625, lower: -0.156, upper: 0, pValue: 0.5, verdict, n: 32 });

function report(models: { label: string; loglikelihood?: LoglikelihoodRunSummary }[]): Report {
  // Only the summary's models are read by this table.
  return { summary: { models } } as unknown as Report;
}

describe('loglikelihoodTable', () => {
  it('lists acc, acc_norm and P(correct) with intervals per model, and the acc verdict against the baseline', () => {
    const base = {
      items: 32,
      acc: interval(0.875, 0.75, 0.969),
      accNorm: interval(0.875, 0.75, 0.969),
      probCorrect: interval(0.849, 0.752, 0.93),
      comparison: null,
    };
    const q4 = {
      ...base,
      acc: interval(0.8125, 0.656, 0.938),
      comparison: {
        baseline: 'F32',
        acc: figure('No significant difference between Q4_0 and F32'),
        accNorm: figure('same'),
        probCorrect: figure('same'),
      },
    };
    const table = loglikelihoodTable(
      report([{ label: 'F32', loglikelihood: base }, { label: 'generated only' }, { label: 'Q4_0', loglikelihood: q4 }]),
    );
    expect(table?.rows).toEqual([
      ['F32', '32', '87.5% (75.0%–96.9%)', '87.5% (75.0%–96.9%)', '84.9% (75.2%–93.0%)', '–'],
      ['Q4_0', '32', '81.3% (65.6%–93.8%)', '87.5% (75.0%–96.9%)', '84.9% (75.2%–93.0%)', 'No significant difference between Q4_0 and F32'],
    ]);
  });

  it('is absent when the run scored no choices', () => {
    expect(loglikelihoodTable(report([{ label: 'F32' }]))).toBeNull();
  });
});
