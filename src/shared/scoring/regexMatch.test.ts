import { describe, expect, it } from 'vitest';
import { compilePattern, InvalidPatternError, regexMatch } from './regexMatch';

describe('regexMatch', () => {
  it('reports the match, its position and groups', () => {
    const r = regexMatch('Total: 42 apples', String.raw`(?<n>\d+) (\w+)`);
    expect(r).toMatchObject({
      score: 1,
      passed: true,
      details: { match: '42 apples', index: 7, groups: ['42', 'apples'], namedGroups: { n: '42' } },
    });
    expect(r.explanation).toContain('at character 8');
  });

  it('honours flags and the no-match expectation', () => {
    expect(regexMatch('HELLO', 'hello').passed).toBe(false);
    expect(regexMatch('HELLO', 'hello', { flags: 'i' }).passed).toBe(true);
    expect(regexMatch('clean output', 'password', { negate: true }).passed).toBe(true);
    expect(regexMatch('my password', 'password', { negate: true }).passed).toBe(false);
  });

  it('ignores g and y so that a result never depends on a previous call', () => {
    expect(regexMatch('abc', 'b', { flags: 'g' }).passed).toBe(true);
    expect(regexMatch('abc', 'b', { flags: 'gy' }).passed).toBe(true);
  });

  it('throws a clear error for an invalid pattern or flag: a test-set error, not a model failure', () => {
    expect(() => regexMatch('x', '(unclosed')).toThrow(InvalidPatternError);
    expect(() => regexMatch('x', '(unclosed')).toThrow(/Invalid regular expression \/\(unclosed\/: .*escape special characters/);
    expect(() => compilePattern('a', 'q')).toThrow(/unknown flag "q"/);
    expect(() => compilePattern('a', 'ii')).toThrow(/repeated/);
    expect(() => compilePattern('(?P<year>\\d+)')).toThrow(/must be written \(\?<name>…\)/);
  });
});
