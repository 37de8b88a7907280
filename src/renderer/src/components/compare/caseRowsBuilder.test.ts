import { describe, expect, it } from 'vitest';
import { buildCaseRows, modelColumns } from './caseRows';
import { caseRowsBuilder } from './caseRowsBuilder';
import { result, runDetail, score } from './testing/runFixtures';

const detail = runDetail(['c3', 'c1', 'c2', 'c4']);
const models = modelColumns(detail);
const resultsOf = (caseId: string) => [
  result({ caseId, output: `q8 ${caseId}` }),
  result({ caseId, modelKey: 'm1:q4', output: `q4 ${caseId}`, scores: [score({ passed: caseId !== 'c1' })] }),
];

describe('caseRowsBuilder', () => {
  it('builds page by page the same rows as building everything at once, reusing the rows no page touched', () => {
    const build = caseRowsBuilder();
    const first = [...resultsOf('c3'), ...resultsOf('c1')];
    const rowsAfterFirst = build(detail, first, models);
    expect(rowsAfterFirst).toEqual(buildCaseRows(detail, first, models));
    expect(rowsAfterFirst[2]?.cells).toEqual([null, null]);
    const all = first.concat([...resultsOf('c2'), ...resultsOf('c4')]);
    const rows = build(detail, all, models);
    expect(rows).toEqual(buildCaseRows(detail, all, models));
    expect(rows[0]).toBe(rowsAfterFirst[0]);
    expect(rows[1]).toBe(rowsAfterFirst[1]);
    expect(rows.map((r) => r.index)).toEqual([0, 1, 2, 3]);
    expect(rows[2]?.haystack).toContain('q4 c2');
  });

  it('builds every row again for results that are not the last ones with more appended', () => {
    const build = caseRowsBuilder();
    const all = ['c1', 'c2', 'c3', 'c4'].flatMap(resultsOf);
    const rows = build(detail, all, models);
    const reloaded = all.map((r) => (r.caseId === 'c1' && r.modelKey === 'm1:q4' ? { ...r, scores: [score()] } : r));
    const again = build(detail, reloaded, models);
    expect(again).toEqual(buildCaseRows(detail, reloaded, models));
    expect(again[1]?.cells[1]?.outcome).toBe('pass');
    expect(rows[1]?.cells[1]?.outcome).toBe('fail');
  });
});
