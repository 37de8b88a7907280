import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RobustnessFigures, RunSummary } from '../../../../shared/runSummary';
import { createClient, setClient } from '../../api/client';
import { ComparePage } from '../../pages/ComparePage';
import { useCompareStore } from '../../stores/compareStore';
import { useReviewStore } from '../../stores/reviewStore';
import { fakeBridge } from '../../test/fakeBridge';
import { emptySummary, runAnswers } from './testing/fakeRun';
import { result, runDetail } from './testing/runFixtures';

const interval = (estimate: number, lower: number, upper: number) => ({
  estimate,
  lower,
  upper,
  confidence: 0.95,
  resamples: 10_000,
  seed: 12345,
  n: 2,
});
const agreement = (agreeing: number, compared: number) => ({ agreeing, compared, share: agreeing / compared, lower: 0, upper: 1 });
const figures = (drop: [number, number, number], answers: [number, number], passes: [number, number]): RobustnessFigures => ({
  cases: 2,
  variants: answers[1],
  errors: 0,
  originalMeanScore: 1,
  variantMeanScore: 1 - drop[0],
  scoreDrop: interval(...drop),
  answerConsistency: agreement(...answers),
  passConsistency: agreement(...passes),
});

function robustRun() {
  const detail = runDetail(['c1', 'c2'], ['q8', 'q4']);
  detail.spec.robustness = { seed: 42, perturbations: ['typos', 'casing'], variantsPerKind: 1, perturbVariables: false };
  const [first] = detail.cases;
  if (first === undefined) throw new Error('the fixture has no case');
  detail.cases.push({ ...first, id: 'c1~typos#1', variantOf: 'c1', perturbation: 'typos' });
  const results = detail.cases.flatMap((c) => ['m0:q8', 'm1:q4'].map((modelKey) => result({ caseId: c.id, modelKey })));
  const summary: RunSummary = {
    ...emptySummary(detail),
    cases: 2,
    robustness: {
      seed: 42,
      perturbations: ['typos', 'casing'],
      variantsPerKind: 1,
      variantCases: 4,
      models: [
        {
          modelKey: 'm0:q8',
          label: 'Q8',
          overall: figures([0, 0, 0], [4, 4], [4, 4]),
          byKind: [
            { kind: 'typos', ...figures([0, 0, 0], [2, 2], [2, 2]) },
            { kind: 'casing', ...figures([0, 0, 0], [2, 2], [2, 2]) },
          ],
        },
        {
          modelKey: 'm1:q4',
          label: 'Q4',
          overall: figures([0.25, 0.05, 0.5], [3, 4], [3, 4]),
          byKind: [
            { kind: 'typos', ...figures([0.5, 0.1, 1], [1, 2], [1, 2]) },
            { kind: 'casing', ...figures([0, 0, 0], [2, 2], [2, 2]) },
          ],
        },
      ],
    },
  };
  return { detail, results, summary };
}

beforeEach(() => {
  useCompareStore.setState(useCompareStore.getInitialState(), true);
  useReviewStore.setState(useReviewStore.getInitialState(), true);
});
afterEach(cleanup);

describe('Robustness table on the Compare page', () => {
  it('shows each model’s score drop and consistency, overall and per perturbation', async () => {
    const { detail, results, summary } = robustRun();
    const answers = runAnswers(detail, results);
    setClient(createClient(fakeBridge({ ...answers, 'runs.summary': () => ({ ok: true as const, value: summary }) }).bridge));
    render(<ComparePage />);
    const table = await screen.findByRole('table', { name: 'Robustness' });
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((r) => Array.from(r.querySelectorAll('th, td')).map((c) => c.textContent));
    expect(rows).toEqual([
      ['Q8', 'All perturbations', '4', '100.0 → 100.0', '0.0 (0.0 to 0.0)', '100.0% (4/4)', '100.0% (4/4)'],
      ['', 'Typos', '2', '100.0 → 100.0', '0.0 (0.0 to 0.0)', '100.0% (2/2)', '100.0% (2/2)'],
      ['', 'Casing', '2', '100.0 → 100.0', '0.0 (0.0 to 0.0)', '100.0% (2/2)', '100.0% (2/2)'],
      ['Q4', 'All perturbations', '4', '100.0 → 75.0', '+25.0 (+5.0 to +50.0)', '75.0% (3/4)', '75.0% (3/4)'],
      ['', 'Typos', '2', '100.0 → 50.0', '+50.0 (+10.0 to +100.0)', '50.0% (1/2)', '50.0% (1/2)'],
      ['', 'Casing', '2', '100.0 → 100.0', '0.0 (0.0 to 0.0)', '100.0% (2/2)', '100.0% (2/2)'],
    ]);
    expect(screen.getByText(/4 perturbed variants \(seed 42\)/)).toBeTruthy();
  });

  it('is absent for a run without variants', async () => {
    const detail = runDetail(['c1'], ['q8', 'q4']);
    setClient(createClient(fakeBridge(runAnswers(detail, [result({ caseId: 'c1', modelKey: 'm0:q8' })])).bridge));
    render(<ComparePage />);
    await screen.findByRole('table', { name: 'Cases by model' });
    expect(screen.queryByRole('table', { name: 'Robustness' })).toBeNull();
    expect(screen.queryByText(/Robustness/)).toBeNull();
  });
});
