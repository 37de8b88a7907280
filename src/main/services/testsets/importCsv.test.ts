import { describe, expect, it } from 'vitest';
import { TestSet } from '../../../shared/testset/TestSet';
import { exportCsv } from './exportCsv';
import { importCsv } from './importCsv';
import { validateImport } from './validateImport';

describe('importCsv', () => {
  it('maps id, question, answers (split on | or repeated columns) and tags; other columns become variables', () => {
    const text =
      'ID,Question,Answer,Answer 2,Tags,Source\nq1,Capital of France?,Paris | paris,City of Light,"geo, easy",atlas\nq2,"2+2?",4,,math,\n';
    const r = importCsv(text, 'sets/capitals.csv');
    expect(r.errors).toEqual([]);
    expect(r.unmapped).toEqual([]);
    expect(r.caseLines).toEqual([2, 3]);
    expect(r.testSet).toEqual({
      name: 'capitals',
      cases: [
        {
          id: 'q1',
          prompt: 'Capital of France?',
          expected: ['Paris', 'paris', 'City of Light'],
          tags: ['geo', 'easy'],
          vars: { Source: 'atlas' },
        },
        { id: 'q2', prompt: '2+2?', expected: ['4'], tags: ['math'], vars: { Source: '' } },
      ],
    });
  });

  it('reads \\| as a literal bar in an answer', () => {
    expect(importCsv('prompt,expected\nx,a\\|b | c\n', 'f.csv').testSet.cases[0]?.expected).toEqual(['a|b', 'c']);
  });

  it('lists what it could not map: no prompt column, odd column names, extra fields', () => {
    const r = importCsv('first name,answer\nAda,Lovelace,extra\n', 'people.csv');
    expect(r.unmapped.map((u) => `${u.line ?? '-'} ${u.what}`)).toEqual(['1 column "first name"', '1 the prompt', '2 line 2']);
    expect(r.testSet.cases[0]?.vars).toEqual({ first_name: 'Ada' });
  });

  it('gives validation problems on the CSV line of their row', () => {
    const text = 'id,prompt,expected\na,x,1\na,y,2\n';
    const result = validateImport(importCsv(text, 'dup.csv'), 'dup.csv', text);
    expect(result.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.line} ${d.code}`)).toEqual(['3 duplicate-id']);
  });

  it('reports malformed JSON in a messages column and a broken quote', () => {
    const r = importCsv('prompt,messages\nx,[oops\n"y,z\n', 'bad.csv');
    expect(r.errors.map((e) => e.line)).toEqual([3, 2]);
  });
});

describe('exportCsv', () => {
  const set = TestSet.parse({
    name: 'Mixed',
    description: 'd',
    defaults: { promptTemplate: 'Q: {{question}} {{prompt}}', scorers: [{ type: 'exact' }] },
    cases: [
      { id: 'a', prompt: 'Say "hi", twice', expected: ['hi | hi', 'x\\y'], tags: ['t1', 't2'], vars: { question: 'q', id: 'clash' } },
      {
        id: 'b',
        messages: [{ role: 'user', content: 'two\nlines' }],
        expected: '2',
        metadata: { source: 'web' },
        scorers: [{ type: 'regex', pattern: '\\d' }],
      },
    ],
  });

  it('writes the cases so that importCsv reads them back the same', () => {
    const { csv, lost } = exportCsv(set);
    expect(csv.split('\r\n')[0]).toBe('id,prompt,messages,expected,tags,vars.question,vars.id,metadata');
    const back = importCsv(csv, 'Mixed.csv');
    expect(back.errors).toEqual([]);
    const reparsed = TestSet.parse({ ...back.testSet, defaults: set.defaults });
    expect(reparsed.cases.map((c) => [c.id, c.prompt, c.messages, c.expected, c.tags, c.metadata])).toEqual(
      set.cases.map((c) => [c.id, c.prompt, c.messages, c.expected, c.tags, c.metadata]),
    );
    expect(reparsed.cases[0]?.vars).toEqual({ question: 'q', id: 'clash' });
    expect(lost).toEqual(['description', 'defaults.promptTemplate', 'defaults.scorers', 'scorers of 1 case']);
  });
});
