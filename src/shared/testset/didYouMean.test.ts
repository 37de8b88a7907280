import { describe, expect, it } from 'vitest';
import { didYouMean } from './didYouMean';

describe('didYouMean', () => {
  it('suggests the closest candidate for a typo, a swap or a case slip', () => {
    expect(didYouMean('tolerence', ['tolerance', 'relativeTolerance', 'extract'])).toBe('tolerance');
    expect(didYouMean('exatc', ['exact', 'regex'])).toBe('exact');
    expect(didYouMean('Rouge', ['rouge', 'bleu'])).toBe('rouge');
    expect(didYouMean('questoin', ['question', 'answer'])).toBe('question');
  });

  it('stays quiet when nothing is close', () => {
    expect(didYouMean('levenshtein', ['exact', 'rouge', 'bleu'])).toBeUndefined();
    expect(didYouMean('x', ['yy', 'zzz'])).toBeUndefined();
  });
});
