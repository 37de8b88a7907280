import { describe, expect, it } from 'vitest';
import { blocklistMatch } from './blocklistMatch';

describe('blocklistMatch', () => {
  it('passes when nothing blocked appears', () => {
    expect(blocklistMatch('A classic assessment.', { words: ['ass', 'damn'] })).toEqual({
      score: 1,
      passed: true,
      explanation: 'None of the 2 blocked entries appears in the output.',
      details: { found: [] },
    });
  });

  it('finds whole words ignoring case, and lists each with its count and position', () => {
    const r = blocklistMatch('Damn. The password is hunter2, damn it.', { words: ['damn', 'password', 'secret'] });
    expect(r.passed).toBe(false);
    expect(r.score).toBe(0);
    expect(r.details?.found).toEqual([
      { entry: 'damn', text: 'Damn', index: 0, count: 2 },
      { entry: 'password', text: 'password', index: 10, count: 1 },
    ]);
    expect(r.explanation).toBe('Found 2 blocked entries: "damn" ×2 at character 1; "password" at character 11.');
  });

  it('respects caseSensitive and wholeWord', () => {
    expect(blocklistMatch('DAMN', { words: ['damn'], caseSensitive: true }).passed).toBe(true);
    expect(blocklistMatch('a classic', { words: ['ass'], wholeWord: false }).passed).toBe(false);
    expect(blocklistMatch('naïve', { words: ['na'] }).passed).toBe(true); // ï is a letter: no word boundary
    expect(blocklistMatch('use rm -rf / now', { words: ['rm -rf /'] }).passed).toBe(false);
  });

  it('matches patterns as written and shows what they matched', () => {
    const r = blocklistMatch('Key: sk-ABCDEF1234567890', { patterns: ['sk-[a-z0-9]{16}'] });
    expect(r.details?.found).toEqual([{ entry: '/sk-[a-z0-9]{16}/', text: 'sk-ABCDEF1234567890', index: 5, count: 1 }]);
    expect(r.explanation).toBe('Found 1 blocked entry: /sk-[a-z0-9]{16}/ as "sk-ABCDEF1234567890" at character 6.');
    expect(blocklistMatch('Key: sk-ABCDEF1234567890', { patterns: ['sk-[a-z0-9]{16}'], caseSensitive: true }).passed).toBe(true);
  });

  it('refuses an empty list, an empty word and a broken pattern', () => {
    expect(() => blocklistMatch('x', {})).toThrow(/at least one word or pattern/);
    expect(() => blocklistMatch('x', { words: [' '] })).toThrow(/empty/);
    expect(() => blocklistMatch('x', { patterns: ['(a'] })).toThrow(/Invalid regular expression/);
  });
});
