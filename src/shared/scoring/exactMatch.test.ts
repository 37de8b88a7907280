import { describe, expect, it } from 'vitest';
import { exactMatch, normalizedExactMatch } from './exactMatch';
import { normalizeText } from './normalizeText';

describe('exactMatch', () => {
  it('passes only on identical strings and says where the closest answer differs', () => {
    expect(exactMatch('Paris', 'Paris')).toMatchObject({ score: 1, passed: true, details: { matched: 'Paris' } });
    const miss = exactMatch('paris', ['London', 'Paris']);
    expect(miss).toMatchObject({ score: 0, passed: false, details: { closest: { answer: 'Paris', index: 0 } } });
    expect(miss.explanation).toContain('differs at character 1 ("P" expected, "p" found)');
    expect(exactMatch('Paris ', 'Paris').explanation).toContain('(the end of the answer expected');
  });

  it('can ignore case and surrounding whitespace', () => {
    expect(exactMatch(' paris\n', 'Paris').passed).toBe(false);
    expect(exactMatch(' paris\n', 'Paris', { caseSensitive: false, trim: true }).passed).toBe(true);
    expect(exactMatch(' Paris\n', 'Paris', { trim: true }).passed).toBe(true);
  });

  it('takes the best of several accepted answers', () => {
    expect(exactMatch('4', ['four', '4']).details?.matched).toBe('4');
  });

  it('refuses an empty list of answers', () => {
    expect(() => exactMatch('x', [])).toThrow(/at least one accepted answer/);
  });
});

describe('normalizedExactMatch', () => {
  it('forgives case, punctuation, spacing and compatibility forms', () => {
    expect(normalizedExactMatch('  The  ANSWER: Paris! ', 'the answer paris').passed).toBe(true);
    expect(normalizedExactMatch('ｐａｒｉｓ', 'Paris').passed).toBe(true); // full-width letters via NFKC
    expect(normalizedExactMatch('Paris.', 'London').passed).toBe(false);
  });

  it('can keep case when asked', () => {
    expect(normalizedExactMatch('paris', 'Paris', { caseInsensitive: false }).passed).toBe(false);
  });

  it('deletes punctuation rather than spacing it', () => {
    expect(normalizeText("Don't stop, U.S.A.!")).toBe('dont stop usa');
  });

  it('drops English articles only when asked (SQuAD convention)', () => {
    expect(normalizedExactMatch('The Eiffel Tower', 'eiffel tower').passed).toBe(false);
    expect(normalizedExactMatch('The Eiffel Tower', 'eiffel tower', { removeArticles: true }).passed).toBe(true);
    expect(normalizeText('Theatre of an era', { removeArticles: true })).toBe('theatre of era');
  });
});
