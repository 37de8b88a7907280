import { describe, expect, it } from 'vitest';
import { SCORER_TYPES, ScorerSpec } from './ScorerSpec';
import { scorerNeedsExpected } from './scorerNeedsExpected';

describe('ScorerSpec', () => {
  it('knows every scorer the issue lists, by name', () => {
    expect([...SCORER_TYPES].sort()).toEqual(
      [
        'exact',
        'normalized-exact',
        'contains',
        'not-contains',
        'refusal',
        'blocklist',
        'regex',
        'starts-with',
        'numeric',
        'choice',
        'json-valid',
        'json-schema',
        'length',
        'token-f1',
        'bleu',
        'chrf',
        'rouge',
        'semantic-similarity',
        'judge',
        'javascript',
      ].sort(),
    );
  });

  it('fills each scorer’s defaults so scorer code never guesses them', () => {
    expect(ScorerSpec.parse({ type: 'exact' })).toEqual({ type: 'exact', weight: 1, caseSensitive: true, trim: true });
    expect(ScorerSpec.parse({ type: 'rouge' })).toMatchObject({ variant: 'rougeL', measure: 'f', threshold: 0.4 });
    expect(ScorerSpec.parse({ type: 'numeric', tolerance: 0.01 })).toMatchObject({ tolerance: 0.01, extract: 'last' });
    expect(ScorerSpec.parse({ type: 'choice' })).toMatchObject({ choices: ['A', 'B', 'C', 'D'] });
  });

  it('reads one value or a list as a list', () => {
    expect(ScorerSpec.parse({ type: 'contains', value: 'Paris' })).toMatchObject({ value: ['Paris'], mode: 'any' });
    expect(ScorerSpec.parse({ type: 'contains', value: ['a', 'b'], mode: 'all' })).toMatchObject({ value: ['a', 'b'], mode: 'all' });
  });

  it('rejects options a scorer does not have, out-of-range thresholds and unknown names', () => {
    expect(ScorerSpec.safeParse({ type: 'numeric', tolerence: 0.1 }).success).toBe(false);
    expect(ScorerSpec.safeParse({ type: 'bleu', threshold: 1.5 }).success).toBe(false);
    expect(ScorerSpec.safeParse({ type: 'exact', threshold: 0.5 }).success).toBe(false);
    expect(ScorerSpec.safeParse({ type: 'levenshtein' }).success).toBe(false);
    expect(ScorerSpec.safeParse({ type: 'regex', pattern: 'x', flags: 'gq' }).success).toBe(false);
  });

  it('needs a bound on a length scorer, and min not above max', () => {
    expect(ScorerSpec.safeParse({ type: 'length' }).success).toBe(false);
    expect(ScorerSpec.safeParse({ type: 'length', min: 10, max: 5 }).success).toBe(false);
    expect(ScorerSpec.parse({ type: 'length', max: 40, unit: 'words' })).toMatchObject({ max: 40, unit: 'words' });
  });

  it('reads the refusal and blocklist options, and needs something to block', () => {
    expect(ScorerSpec.parse({ type: 'refusal' })).toEqual({ type: 'refusal', weight: 1, expect: 'refuse' });
    expect(ScorerSpec.parse({ type: 'blocklist', words: 'damn' })).toEqual({
      type: 'blocklist',
      weight: 1,
      words: ['damn'],
      caseSensitive: false,
      wholeWord: true,
    });
    expect(ScorerSpec.safeParse({ type: 'blocklist' }).success).toBe(false);
    expect(ScorerSpec.safeParse({ type: 'refusal', expect: 'maybe' }).success).toBe(false);
    expect(scorerNeedsExpected(ScorerSpec.parse({ type: 'refusal' }))).toBe(false);
  });

  it('says which scorers compare with expected answers', () => {
    expect(scorerNeedsExpected(ScorerSpec.parse({ type: 'exact' }))).toBe(true);
    expect(scorerNeedsExpected(ScorerSpec.parse({ type: 'contains' }))).toBe(true);
    expect(scorerNeedsExpected(ScorerSpec.parse({ type: 'contains', value: 'x' }))).toBe(false);
    expect(scorerNeedsExpected(ScorerSpec.parse({ type: 'judge', rubric: 'polite' }))).toBe(false);
    expect(scorerNeedsExpected(ScorerSpec.parse({ type: 'regex', pattern: '^\\d+$' }))).toBe(false);
  });
});
