import { describe, expect, it } from 'vitest';
import type { RobustnessFigures, RunSummary } from '../shared/runSummary';
import { formatRunSummary } from './formatRunSummary';

const f = (drop: number, same: number, compared: number): RobustnessFigures => ({
  cases: 2,
  variants: compared,
  errors: 0,
  originalMeanScore: 1,
  variantMeanScore: 1 - drop,
  scoreDrop: { estimate: drop, lower: drop / 2, upper: drop * 2, confidence: 0.95, resamples: 10_000, seed: 12345, n: 2 },
  answerConsistency: { agreeing: same, compared, share: same / compared, lower: 0, upper: 1 },
  passConsistency: { agreeing: same, compared, share: same / compared, lower: 0, upper: 1 },
});

const summary: RunSummary = {
  runId: 'r',
  name: 'quant',
  status: 'completed',
  mode: 'latency',
  repetitions: 1,
  cases: 2,
  baseline: null,
  models: [],
};

describe('formatRunSummary with robustness', () => {
  it('prints each model’s score drop and consistency, overall and per perturbation', () => {
    const text = formatRunSummary({
      ...summary,
      robustness: {
        seed: 7,
        perturbations: ['typos'],
        variantsPerKind: 1,
        variantCases: 2,
        models: [{ modelKey: 'm0:q4', label: 'Q4_0', overall: f(0.25, 3, 4), byKind: [{ kind: 'typos', ...f(0.5, 1, 2) }] }],
      },
    });
    const lines = text.split('\n');
    const start = lines.findIndex((l) => l.startsWith('Robustness: 2 perturbed variants (seed 7)'));
    expect(start).toBeGreaterThan(0);
    expect(lines.slice(start + 2, start + 6)).toEqual([
      'Model  Perturbation  Variants  Score drop, points (95% CI)  Same answer  Same pass/fail',
      '-----  ------------  --------  ---------------------------  -----------  --------------',
      'Q4_0   all           4         +25.0 (+12.5 to +50.0)       75.0% of 4   75.0% of 4',
      '       typos         2         +50.0 (+25.0 to +100.0)      50.0% of 2   50.0% of 2',
    ]);
  });

  it('prints no robustness section for a run without variants', () => {
    expect(formatRunSummary(summary)).not.toContain('Robustness');
  });
});
