import { expect, it } from 'vitest';
import { startsWithMatch } from './startsWithMatch';

it('checks the beginning of the output, skipping leading whitespace unless told not to', () => {
  expect(startsWithMatch('\n  Yes, because…', 'Yes').passed).toBe(true);
  expect(startsWithMatch('\n  Yes', 'Yes', { trim: false }).passed).toBe(false);
  expect(startsWithMatch('yes', ['No', 'Yes'], { caseSensitive: false }).details?.matched).toBe('Yes');
  const miss = startsWithMatch('Maybe', ['Yes', 'No']);
  expect(miss).toMatchObject({ score: 0, passed: false });
  expect(miss.explanation).toBe('Output begins "Maybe", not with "Yes" or "No".');
});
