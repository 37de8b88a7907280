import { describe, expect, it } from 'vitest';
import { buildCaseRows, modelColumns } from './caseRows';
import { caseAnswers, diffSides, initialPair } from './diffSides';
import { result, runDetail } from './testing/runFixtures';

function row() {
  const base = runDetail(['c1'], ['f32', 'q8', 'q4']);
  const detail = { ...base, cases: base.cases.map((c) => ({ ...c, expected: ['Paris', 'Paris, France'] })) };
  const models = modelColumns(detail);
  const results = [
    result({ caseId: 'c1', modelKey: 'm0:f32', output: 'Paris.' }),
    result({ caseId: 'c1', modelKey: 'm1:q8', repetition: 1, seed: 8, output: 'Lyon' }),
    result({ caseId: 'c1', modelKey: 'm1:q8', repetition: 0, seed: 7, output: 'Paris' }),
    result({
      caseId: 'c1',
      modelKey: 'm2:q4',
      output: null,
      stopReason: null,
      timings: null,
      scores: [],
      error: { kind: 'crashed', message: 'The worker exited with signal SIGSEGV.', logs: [] },
    }),
  ];
  const [first] = buildCaseRows(detail, results, models);
  if (first === undefined) throw new Error('no row');
  return { row: first, models, expected: first.testCase.expected };
}

describe('caseAnswers', () => {
  it('lists each model’s answer per repetition, and says why a model has no output', () => {
    const { row: r, models } = row();
    expect(caseAnswers(r, models).map((a) => [a.id, a.label, a.text])).toEqual([
      ['0:0', 'F32', 'Paris.'],
      ['1:0', 'Q8 · repetition 1', 'Paris'],
      ['1:1', 'Q8 · repetition 2', 'Lyon'],
      ['2:0', 'Q4', '(could not run: crashed: The worker exited with signal SIGSEGV.)'],
    ]);
  });

  it('shows a model that has not answered yet', () => {
    const { row: r, models } = row();
    const waiting = { ...r, cells: [r.cells[0] ?? null, null, null] };
    expect(caseAnswers(waiting, models).map((a) => a.text)).toEqual(['Paris.', '(not run yet)', '(not run yet)']);
  });
});

describe('initialPair and diffSides', () => {
  it('opens on the model the user clicked, beside the next model', () => {
    const { row: r, models } = row();
    const answers = caseAnswers(r, models);
    expect(initialPair(answers, 'm2:q4')).toEqual({ a: '2:0', b: '0:0' });
    expect(initialPair(answers, null)).toEqual({ a: '0:0', b: '1:0' });
  });

  it('puts the chosen expected answer left and the model’s output right', () => {
    const { row: r, models, expected } = row();
    const answers = caseAnswers(r, models);
    expect(diffSides(answers, expected, { mode: 'expected', a: '1:1', b: '0:0', expectedIndex: 1 })).toEqual({
      original: { label: 'Expected (answer 2 of 2)', text: 'Paris, France' },
      modified: { label: 'Q8 · repetition 2', text: 'Lyon' },
    });
    expect(diffSides(answers, ['Paris'], { mode: 'expected', a: '0:0', b: '1:0', expectedIndex: 5 }).original).toEqual({
      label: 'Expected',
      text: 'Paris',
    });
  });

  it('puts model A left and model B right', () => {
    const { row: r, models, expected } = row();
    const answers = caseAnswers(r, models);
    expect(diffSides(answers, expected, { mode: 'models', a: '0:0', b: '2:0', expectedIndex: 0 })).toEqual({
      original: { label: 'F32', text: 'Paris.' },
      modified: { label: 'Q4', text: '(could not run: crashed: The worker exited with signal SIGSEGV.)' },
    });
  });
});
