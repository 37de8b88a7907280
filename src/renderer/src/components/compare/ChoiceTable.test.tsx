import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { expectedAnswers } from '../../../../shared/loglikelihood';
import { buildCaseRows, modelColumns } from './caseRows';
import { ChoiceTable } from './ChoiceTable';
import { ResultFacts } from './ResultFacts';
import { result, runDetail } from './testing/runFixtures';
import { timingText } from './timing';

/** A run of two models on one log-likelihood case "capital of France =" with three choices, " Paris" right. */
function choiceRun() {
  const base = runDetail(['cap'], ['f32', 'q4']);
  const detail = {
    ...base,
    cases: base.cases.map((c) => ({ ...c, expected: [], loglikelihood: { choices: [' Rome', ' Paris', ' Oslo'], answer: 1 } })),
  };
  const models = modelColumns(detail);
  const [f32 = '', q4 = ''] = models.map((m) => m.key);
  const scored = (logprobs: number[], predicted: number, probCorrect: number) => ({
    choices: logprobs.map((logprob) => ({ logprob, tokens: 2, greedy: false })),
    acc: predicted === 1 ? (1 as const) : (0 as const),
    accNorm: predicted === 1 ? (1 as const) : (0 as const),
    probCorrect,
    predicted,
    predictedNorm: predicted,
    totalMs: 42,
  });
  const results = [
    result({ caseId: 'cap', modelKey: f32, output: ' Paris', timings: null, loglikelihood: scored([-5, -0.5, -7], 1, 0.98) }),
    result({ caseId: 'cap', modelKey: q4, output: ' Rome', timings: null, loglikelihood: scored([-0.4, -0.9, -7], 0, 0.37) }),
  ];
  const row = buildCaseRows(detail, results, models)[0];
  if (row === undefined) throw new Error('no row built');
  return { detail, models, results, row };
}

describe('log-likelihood cases in Compare', () => {
  it('name the right choice as what was expected, and make it searchable', () => {
    const { row } = choiceRun();
    expect(expectedAnswers(row.testCase)).toEqual([' Paris']);
    expect(row.haystack).toContain(' paris');
  });

  it('show every choice against every model, the right one named and each model’s pick marked', () => {
    const { row, models } = choiceRun();
    render(<ChoiceTable row={row} models={models} />);
    const table = screen.getByRole('table', { name: 'Log-likelihood of each choice' });
    expect(within(table).getByRole('columnheader', { name: /F32 · P\(correct\) 0\.980/ })).toBeDefined();
    const paris = within(table).getByRole('row', { name: /Paris/ });
    expect(within(paris).getByRole('rowheader').textContent).toContain('right answer');
    const [f32, q4] = within(paris).getAllByRole('cell');
    expect(f32?.textContent).toBe('-0.500 (2 tok) picked');
    expect(q4?.textContent).toBe('-0.900 (2 tok)');
    const rome = within(table).getByRole('row', { name: /Rome/ });
    expect(within(rome).getAllByRole('cell')[1]?.textContent).toContain('picked');
  });

  it('give a scoring time and P(correct) where a generated answer gives its timings', () => {
    const { results } = choiceRun();
    const [, q4] = results;
    if (q4 === undefined) throw new Error('no result');
    expect(timingText(q4)).toBe('scored in 42 ms · P(correct) 0.37');
  });

  it('give what scoring took in the result facts, not the empty TTFT and speeds of a generation', () => {
    const { results } = choiceRun();
    const [f32] = results;
    if (f32 === undefined) throw new Error('no result');
    const { container } = render(<ResultFacts result={f32} />);
    const fact = (label: string) => within(container).getByText(label, { selector: 'dt' }).nextElementSibling?.textContent;
    expect(fact('Scored')).toBe('3 choices, 6 choice tokens');
    expect(fact('Pick (acc)')).toBe('choice 2');
    expect(fact('Total')).toBe('42 ms');
    expect(within(container).queryByText('Time to first token')).toBeNull();
  });

  it('show no choice table for a generated case', () => {
    const detail = runDetail(['c1']);
    const models = modelColumns(detail);
    const [row] = buildCaseRows(detail, [result()], models);
    if (row === undefined) throw new Error('no row built');
    const { container } = render(<ChoiceTable row={row} models={models} />);
    expect(container.textContent).toBe('');
  });
});
