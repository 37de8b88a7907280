import { describe, expect, it } from 'vitest';
import { textDiff } from './textDiff';

describe('textDiff', () => {
  it('diffs one-line texts word by word', () => {
    expect(textDiff('The capital is Paris.', 'The capital is Lyon.')).toEqual([
      { kind: 'same', text: 'The capital is ' },
      { kind: 'removed', text: 'Paris.' },
      { kind: 'added', text: 'Lyon.' },
    ]);
  });

  it('diffs several lines line by line', () => {
    expect(textDiff('a\nb\nc', 'a\nx\nc')).toEqual([
      { kind: 'same', text: 'a\n' },
      { kind: 'removed', text: 'b\n' },
      { kind: 'added', text: 'x\n' },
      { kind: 'same', text: 'c' },
    ]);
  });

  it('handles empty sides', () => {
    expect(textDiff('', 'new text')).toEqual([{ kind: 'added', text: 'new text' }]);
    expect(textDiff('old', '')).toEqual([{ kind: 'removed', text: 'old' }]);
    expect(textDiff('', '')).toEqual([]);
  });
});
