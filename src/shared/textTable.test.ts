import { describe, expect, it } from 'vitest';
import { textTable } from './textTable';

describe('textTable', () => {
  it('pads each column to its widest cell, two spaces apart, with a rule under the header and no trailing spaces', () => {
    expect(
      textTable(
        ['Model', 'acc'],
        [
          ['F32', '90.6 %'],
          ['Q4_0-long', '1'],
        ],
      ),
    ).toEqual(['Model      acc', '---------  ------', 'F32        90.6 %', 'Q4_0-long  1']);
  });
  it('leaves the rule out when asked', () => {
    expect(textTable(['a', 'b'], [['1', '2']], { rule: false })).toEqual(['a  b', '1  2']);
  });
});
