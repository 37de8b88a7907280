import { describe, expect, it } from 'vitest';
import { containsMatch, notContainsMatch } from './containsMatch';

describe('containsMatch', () => {
  it('passes on any string by default', () => {
    const r = containsMatch('The capital is Paris.', ['London', 'Paris']);
    expect(r).toMatchObject({ score: 1, passed: true, details: { found: ['Paris'], missing: ['London'], positions: [15] } });
  });

  it('gives partial credit in all mode but passes only with every string', () => {
    const r = containsMatch('red and green', ['red', 'green', 'blue'], { mode: 'all' });
    expect(r.score).toBeCloseTo(2 / 3, 12);
    expect(r.passed).toBe(false);
    expect(r.explanation).toContain('missing 1 of 3');
  });

  it('respects caseSensitive and wholeWord', () => {
    expect(containsMatch('PARIS', 'paris').passed).toBe(false);
    expect(containsMatch('PARIS', 'paris', { caseSensitive: false }).passed).toBe(true);
    expect(containsMatch('concatenate', 'cat', { wholeWord: true }).passed).toBe(false);
    expect(containsMatch('a cat.', 'cat', { wholeWord: true }).passed).toBe(true);
    expect(containsMatch('naïve café', 'caf', { wholeWord: true }).passed).toBe(false); // é is a letter
    // A hyphen or slash in a whole-word needle is text, not a broken pattern (`\-` is an error under the u flag).
    expect(containsMatch('a state-of-the-art model', 'state-of-the-art', { wholeWord: true }).passed).toBe(true);
    expect(containsMatch('read/write access', 'read/write', { wholeWord: true }).passed).toBe(true);
  });

  it('refuses an empty needle, which would always match', () => {
    expect(() => containsMatch('x', '')).toThrow(/empty string/);
  });
});

describe('notContainsMatch', () => {
  it('fails when a forbidden string appears and says where', () => {
    const r = notContainsMatch('As an AI language model, I cannot', ['as an ai', 'sorry'], { caseSensitive: false });
    expect(r).toMatchObject({ score: 0, passed: false, details: { found: ['as an ai'] } });
    expect(r.explanation).toContain('first at character 1');
    expect(notContainsMatch('Sure, here it is.', ['sorry']).passed).toBe(true);
  });
});
