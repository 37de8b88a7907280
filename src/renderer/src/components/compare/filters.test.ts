import { describe, expect, it } from 'vitest';
import type { ReviewLabel } from '../../../../shared/api';
import { buildCaseRows, modelColumns } from './caseRows';
import { DEFAULT_SORT, NO_FILTER, type CompareFilter } from '../../stores/compareView';
import { filterAndSort, tagsOf } from './filters';
import { result, runDetail, score } from './testing/runFixtures';
import { resultKeyOf } from '../../stores/compareTypes';

const detail = runDetail(['c1', 'c2', 'c3', 'c4'], ['q8', 'q4'], { c1: ['geo'], c2: ['geo', 'hard'], c3: ['math'] });
const models = modelColumns(detail);
const fail = [score({ passed: false, score: 0 })];
const results = [
  // c1: both pass, Q4 slower
  result({ caseId: 'c1', modelKey: 'm0:q8', output: 'Paris' }),
  result({
    caseId: 'c1',
    modelKey: 'm1:q4',
    output: 'Paris',
    timings: {
      timeToFirstTokenMs: 50,
      promptTokens: 10,
      promptTokensPerSecond: 200,
      generatedTokens: 5,
      generationTokensPerSecond: 40,
      totalMs: 900,
    },
  }),
  // c2: Q8 passes, Q4 fails with an empty output
  result({ caseId: 'c2', modelKey: 'm0:q8', output: 'Berlin' }),
  result({ caseId: 'c2', modelKey: 'm1:q4', output: '', scores: fail }),
  // c3: both fail; Q8 could not run
  result({
    caseId: 'c3',
    modelKey: 'm0:q8',
    output: null,
    stopReason: null,
    timings: null,
    scores: [],
    error: { kind: 'crashed', message: 'worker crashed', logs: ['abort'] },
  }),
  result({ caseId: 'c3', modelKey: 'm1:q4', output: 'seventeen', scores: fail }),
  // c4: Q8 fails, Q4 passes with half a score
  result({ caseId: 'c4', modelKey: 'm0:q8', output: 'Madrid', scores: fail }),
  result({ caseId: 'c4', modelKey: 'm1:q4', output: 'Rome', scores: [score({ score: 0.5 })] }),
];
const rows = buildCaseRows(detail, results, models);
const ids = (filter: Partial<CompareFilter>, sort = DEFAULT_SORT) =>
  filterAndSort(rows, { ...NO_FILTER, ...filter }, sort, models).map((r) => r.testCase.id);

describe('buildCaseRows', () => {
  it('puts each model’s results in its column, with outcomes and failure categories', () => {
    expect(models.map((m) => [m.key, m.label])).toEqual([
      ['m0:q8', 'Q8'],
      ['m1:q4', 'Q4'],
    ]);
    const c2 = rows[1]?.cells;
    expect(c2?.map((c) => c?.outcome)).toEqual(['pass', 'fail']);
    expect(c2?.[1]?.categories).toEqual(['empty-output']);
    expect(rows[2]?.cells[0]).toMatchObject({ outcome: 'error', categories: ['runtime-error'], latencyMs: null });
  });

  it('leaves a cell empty for a model that has not answered yet', () => {
    const partial = buildCaseRows(detail, results.slice(0, 1), models);
    expect(partial[0]?.cells.map((c) => c === null)).toEqual([false, true]);
  });

  it('lets a person’s pass or fail win over the scorers, keeping the automatic outcome', () => {
    const label: ReviewLabel = {
      runId: 'run-1',
      modelKey: 'm1:q4',
      caseId: 'c2',
      repetition: 0,
      verdict: 'pass',
      note: '',
      tags: [],
      updatedAt: '',
    };
    const reviewed = buildCaseRows(detail, results, models, new Map([[resultKeyOf(label), label]]));
    expect(reviewed[1]?.cells[1]).toMatchObject({ automatic: 'fail', outcome: 'pass', verdict: 'pass', categories: [] });
    const unsure = buildCaseRows(detail, results, models, new Map([[resultKeyOf(label), { ...label, verdict: 'unsure' as const }]]));
    expect(unsure[1]?.cells[1]).toMatchObject({ outcome: 'fail', verdict: 'unsure' });
  });
});

describe('filterAndSort', () => {
  it('lets everything through by default, in case order', () => {
    expect(ids({})).toEqual(['c1', 'c2', 'c3', 'c4']);
  });

  it('finds failures in any model, and disagreements', () => {
    expect(ids({ failedInAny: true })).toEqual(['c2', 'c3', 'c4']);
    expect(ids({ disagree: true })).toEqual(['c2', 'c4']);
  });

  it('finds cases that failed in one model but passed in another', () => {
    expect(ids({ failedButPassed: { failed: 'm1:q4', passed: 'm0:q8' } })).toEqual(['c2']);
    expect(ids({ failedButPassed: { failed: 'm0:q8', passed: 'm1:q4' } })).toEqual(['c4']);
  });

  it('combines tags, categories, search, score and latency', () => {
    expect(ids({ tags: ['geo'] })).toEqual(['c1', 'c2']);
    expect(ids({ tags: ['geo'], failedInAny: true })).toEqual(['c2']);
    expect(ids({ categories: ['runtime-error'] })).toEqual(['c3']);
    expect(ids({ categories: ['wrong-answer', 'empty-output'] })).toEqual(['c2', 'c3', 'c4']);
    expect(ids({ search: 'ROME question' })).toEqual(['c4']);
    expect(ids({ search: 'worker crashed' })).toEqual(['c3']);
    expect(ids({ score: { model: 'm1:q4', min: 0.25, max: 0.75 } })).toEqual(['c4']);
    expect(ids({ score: { model: null, min: 0, max: 0 } })).toEqual(['c2', 'c3', 'c4']);
    expect(ids({ latency: { model: null, minMs: 500 } })).toEqual(['c1']);
    expect(ids({ latency: { model: 'm0:q8', minMs: 500 } })).toEqual([]);
  });

  it('sorts by a model’s score or latency and by disagreement, missing values last', () => {
    expect(ids({}, { key: 'score', model: 'm1:q4', direction: 'ascending' })).toEqual(['c2', 'c3', 'c4', 'c1']);
    expect(ids({}, { key: 'latency', model: null, direction: 'descending' })).toEqual(['c1', 'c2', 'c3', 'c4']);
    expect(ids({}, { key: 'latency', model: 'm0:q8', direction: 'descending' })).toEqual(['c1', 'c2', 'c4', 'c3']);
    expect(ids({}, { key: 'spread', model: null, direction: 'descending' })).toEqual(['c2', 'c4', 'c1', 'c3']);
  });

  it('lists the tags in use', () => {
    expect(tagsOf(rows)).toEqual(['geo', 'hard', 'math']);
  });
});
