import { describe, expect, it } from 'vitest';
import { calls } from '../../../../shared/api';
import { buildCaseRows, modelColumns } from './caseRows';
import { DEFAULT_SORT, NO_FILTER } from '../../stores/compareView';
import { filterAndSort } from './filters';
import { result, runDetail, score, withVariants } from './testing/runFixtures';
import { answerAgreement, answerChanged, variantName, variantsByOriginal } from './variants';

const fail = [score({ passed: false, score: 0 })];
const detail = withVariants(runDetail(['c1', 'c1~typos#1', 'c1~casing#1', 'c2', 'c2~typos#1']));
const models = modelColumns(detail);
const results = [
  result({ caseId: 'c1', modelKey: 'm0:q8', output: 'Paris' }),
  result({ caseId: 'c1', modelKey: 'm1:q4', output: 'Paris' }),
  result({ caseId: 'c1~typos#1', modelKey: 'm0:q8', output: 'paris!' }),
  result({ caseId: 'c1~typos#1', modelKey: 'm1:q4', output: 'Lyon', scores: fail }),
  result({ caseId: 'c1~casing#1', modelKey: 'm0:q8', output: 'Paris' }),
  result({
    caseId: 'c1~casing#1',
    modelKey: 'm1:q4',
    output: null,
    stopReason: null,
    timings: null,
    scores: [],
    error: { kind: 'crashed', message: 'gone', logs: [] },
  }),
  result({ caseId: 'c2', modelKey: 'm0:q8', output: 'Berlin', scores: fail }),
  result({ caseId: 'c2', modelKey: 'm1:q4', output: 'Berlin', scores: fail }),
  result({ caseId: 'c2~typos#1', modelKey: 'm0:q8', output: 'Berlin' }),
  result({ caseId: 'c2~typos#1', modelKey: 'm1:q4', output: 'Bonn', scores: fail }),
];
const rows = buildCaseRows(detail, results, models);
const ids = (variants: typeof NO_FILTER.variants, failedInAny = false) =>
  filterAndSort(rows, { ...NO_FILTER, variants, failedInAny }, DEFAULT_SORT, models).map((r) => r.testCase.id);

describe('the variant scope of the Compare filter', () => {
  it('shows the originals by default, and every filter works within the chosen scope', () => {
    expect(NO_FILTER.variants).toBe('originals');
    expect(ids('originals')).toEqual(['c1', 'c2']);
    expect(ids('all')).toEqual(['c1', 'c1~typos#1', 'c1~casing#1', 'c2', 'c2~typos#1']);
    expect(ids('variants')).toEqual(['c1~typos#1', 'c1~casing#1', 'c2~typos#1']);
    expect(ids('originals', true)).toEqual(['c2']);
    expect(ids('variants', true)).toEqual(['c1~typos#1', 'c1~casing#1', 'c2~typos#1']);
  });
});

describe('variantName and variantsByOriginal', () => {
  it('names a variant by its perturbation, number and original', () => {
    const [, typos, casing] = detail.cases;
    expect(typos && variantName(typos)).toBe('typos #1 of c1');
    expect(casing && variantName(casing)).toBe('casing #1 of c1');
    expect(detail.cases[0] && variantName(detail.cases[0])).toBeNull();
    expect([...variantsByOriginal(rows)].map(([id, list]) => [id, list.map((r) => r.testCase.id)])).toEqual([
      ['c1', ['c1~typos#1', 'c1~casing#1']],
      ['c2', ['c2~typos#1']],
    ]);
  });
});

describe('answerChanged', () => {
  it('compares answers as the robustness summary does: normalised text, no answer for a harness error', () => {
    const cell = (id: string, model: number) => rows.find((r) => r.testCase.id === id)?.cells[model] ?? null;
    const c1 = rows[0];
    const typos = rows[1];
    if (c1 === undefined || typos === undefined) throw new Error('rows missing');
    const agreement = (id: string, model: number) => {
      const variant = cell(id, model);
      const row = rows.find((r) => r.testCase.id === id);
      const original = rows.find((r) => r.testCase.id === row?.testCase.variantOf);
      if (variant === null || row === undefined || original === undefined) throw new Error(`no cell for ${id}`);
      return answerAgreement(variant, row.testCase, original.cells[model] ?? null, original.testCase);
    };
    // "paris!" is "Paris" once case and punctuation are ignored.
    expect(agreement('c1~typos#1', 0)).toEqual({ same: 1, compared: 1 });
    expect(agreement('c1~typos#1', 1)).toEqual({ same: 0, compared: 1 });
    expect(agreement('c1~casing#1', 1)).toEqual({ same: 0, compared: 0 });
    // Passing or failing does not matter: the answer does.
    expect(agreement('c2~typos#1', 0)).toEqual({ same: 1, compared: 1 });
    expect(agreement('c2~typos#1', 1)).toEqual({ same: 0, compared: 1 });
    expect(answerChanged(result({ caseId: 'c1~typos#1', output: 'Paris' }), typos.testCase, undefined, c1.testCase)).toBeNull();
  });

  it('maps a shuffled variant’s letter back to the original option, and compares final numbers', () => {
    const parse = (c: object) =>
      calls['runs.get'].output.shape.cases.element.parse({ input: { kind: 'completion', prompt: 'Pick:' }, ...c });
    const original = parse({ id: 'q', scorers: [{ type: 'choice' }], expected: ['B'] });
    const shuffled = parse({
      id: 'q~shuffle-options#1',
      variantOf: 'q',
      perturbation: 'shuffle-options',
      scorers: [{ type: 'choice' }],
      expected: ['D'],
      optionMap: { A: 'C', B: 'A', C: 'D', D: 'B' },
    });
    const said = (output: string) => result({ caseId: 'q', output });
    expect(answerChanged(said('Answer: D'), shuffled, said('B'), original)).toBe(false);
    expect(answerChanged(said('Answer: B'), shuffled, said('B'), original)).toBe(true);
    const sum = parse({ id: 's', scorers: [{ type: 'numeric' }], expected: ['12'] });
    const sumTypos = parse({ id: 's~typos#1', variantOf: 's', perturbation: 'typos', scorers: [{ type: 'numeric' }], expected: ['12'] });
    expect(answerChanged(said('So the total is 12.'), sumTypos, said('12'), sum)).toBe(false);
    expect(answerChanged(said('It is 13'), sumTypos, said('12'), sum)).toBe(true);
  });
});
