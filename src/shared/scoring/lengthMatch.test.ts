import { expect, it } from 'vitest';
import { lengthMatch } from './lengthMatch';

it('counts characters as code points and words as whitespace-separated runs', () => {
  expect(lengthMatch('  héllo 😀  ', { unit: 'characters', max: 7 })).toMatchObject({ passed: true, details: { length: 7 } });
  expect(lengthMatch('one two  three\nfour', { unit: 'words', min: 5 })).toMatchObject({
    score: 0,
    passed: false,
    explanation: 'Output has 4 words; at least 5 required (too short).',
  });
  expect(lengthMatch('one two three', { unit: 'words', min: 1, max: 3 }).explanation).toBe('Output has 3 words, within 1–3.');
  expect(lengthMatch(' ab ', { unit: 'characters', max: 2, trim: false }).passed).toBe(false);
});

it('rejects missing or inconsistent bounds', () => {
  expect(() => lengthMatch('x', { unit: 'characters' })).toThrow(/min, a max, or both/);
  expect(() => lengthMatch('x', { unit: 'characters', min: 5, max: 2 })).toThrow(/inconsistent/);
});
