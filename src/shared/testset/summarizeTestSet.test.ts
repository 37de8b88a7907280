import { describe, expect, it } from 'vitest';
import { summarizeTestSet } from './summarizeTestSet';
import { TestSet } from './TestSet';

describe('summarizeTestSet', () => {
  it('counts cases, tags and the scorers each case ends up with', () => {
    const set = TestSet.parse({
      name: 'S',
      defaults: { mode: 'completion', scorers: [{ type: 'exact' }] },
      cases: [
        { prompt: 'a', expected: 'x', tags: ['easy', 'math'] },
        { prompt: 'b', expected: 'y', tags: ['math'], scorers: [{ type: 'contains' }, { type: 'contains', value: 'z' }] },
        { messages: [{ role: 'user', content: 'c' }], scorers: [] },
      ],
    });
    expect(summarizeTestSet(set)).toEqual({
      name: 'S',
      caseCount: 3,
      chatCaseCount: 1,
      casesWithExpected: 2,
      tags: [
        { tag: 'math', count: 2 },
        { tag: 'easy', count: 1 },
      ],
      untaggedCount: 1,
      scorers: [
        { type: 'contains', count: 1 },
        { type: 'exact', count: 1 },
      ],
      unscoredCount: 1,
    });
  });
});
