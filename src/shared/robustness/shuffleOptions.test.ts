import { describe, expect, it } from 'vitest';
import { findOptionBlock, remapLabel } from './shuffleOptions';

describe('findOptionBlock', () => {
  it('finds A)…, (A)…, A.… and A:… styles, and takes the last block of a few-shot prompt', () => {
    expect(findOptionBlock('Q?\n(A) one\n(B) two\n(C) three')?.letters).toEqual(['A', 'B', 'C']);
    expect(findOptionBlock('Q?\nA. one\nB. two')?.lines).toEqual([
      { label: 'A. ', text: 'one' },
      { label: 'B. ', text: 'two' },
    ]);
    const fewShot = 'Q1?\nA: x\nB: y\nAnswer: A\n\nQ2?\nA: p\nB: q\nC: r\nAnswer:';
    const block = findOptionBlock(fewShot);
    expect(block?.letters).toEqual(['A', 'B', 'C']);
    expect(fewShot.slice(block?.start, block?.end)).toBe('A: p\nB: q\nC: r');
  });

  it('needs two labels in order from A, in one style', () => {
    expect(findOptionBlock('A) only one')).toBeNull();
    expect(findOptionBlock('B) two\nC) three')).toBeNull();
    expect(findOptionBlock('A) one\nB. two')).toBeNull();
    expect(findOptionBlock('Plain text without options.')).toBeNull();
  });
});

describe('remapLabel', () => {
  it('moves a label to where its option went, keeping its case and brackets', () => {
    const map = { A: 'C', B: 'A', C: 'B' };
    expect(remapLabel('A', map)).toBe('B');
    expect(remapLabel('(c)', map)).toBe('(a)');
    expect(remapLabel('Danube', map)).toBe('Danube');
  });
});
