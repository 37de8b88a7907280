import { describe, expect, it } from 'vitest';
import { extractFinalNumber, extractNumbers } from './extractFinalNumber';
import { numericMatch } from './numericMatch';

describe('extractFinalNumber', () => {
  it.each([
    ['The answer is 42.', 42, 'integer'],
    ['So x = -3.5', -3.5, 'decimal'],
    ['Total: $1,234,567.89 in all', 1234567.89, 'decimal'],
    ['about 2.5e-3 mol', 0.0025, 'scientific'],
    ['c ≈ 3 × 10^8 m/s', 3e8, 'scientific'],
    ['roughly 6.02 \\times 10^{23}', 6.02e23, 'scientific'],
    ['she ate 3/4 of it', 0.75, 'fraction'],
    ['$\\frac{3}{4}$', 0.75, 'fraction'],
    ['x = \u22127', -7, 'integer'],
    ['1\u202f000\u202f000', 1000000, 'integer'], // narrow no-break spaces, as French typography writes it
    ['First 12, then 7, finally 19', 19, 'integer'],
    ['the range 3-4', 4, 'integer'], // a hyphen after a digit is not a minus sign
    ['\\boxed{17}', 17, 'integer'],
    ['value .5', 0.5, 'decimal'],
  ])('%s → %d (%s)', (text, value, kind) => {
    const found = extractFinalNumber(text);
    expect(found?.value).toBeCloseTo(value, 10);
    expect(found?.kind).toBe(kind);
  });

  it('flags percentages and keeps their written value', () => {
    expect(extractFinalNumber('grew by 12.5%')).toMatchObject({ value: 12.5, percent: true, text: '12.5%' });
    expect(extractFinalNumber('40 percent')).toMatchObject({ value: 40, percent: true });
  });

  it('returns null without a number and skips division by zero', () => {
    expect(extractFinalNumber('no digits here')).toBeNull();
    expect(extractFinalNumber('5 then 1/0')).toMatchObject({ value: 5 });
  });
});

describe('numericMatch', () => {
  it('grades the final number, not the first', () => {
    const r = numericMatch('Step 1: 12 apples. Step 2: 30 more. So the answer is 42.', 42);
    expect(r).toMatchObject({ score: 1, passed: true, details: { compared: 42 } });
    expect(numericMatch('The answer is 42, not 41', 42).passed).toBe(false);
  });

  it('reads the expected answer from text too (GSM8K "#### 72")', () => {
    expect(numericMatch('so 72 clips', '#### 72').passed).toBe(true);
    expect(() => numericMatch('5', 'five')).toThrow(/could not read a number from the expected answer/);
  });

  it('accepts both readings of a percentage', () => {
    expect(numericMatch('It is 25%', 0.25).passed).toBe(true);
    expect(numericMatch('It is 25%', 25).passed).toBe(true);
    expect(numericMatch('It is 0.25', '25%').passed).toBe(true);
    expect(numericMatch('It is 25%', '25%').passed).toBe(true);
  });

  it('applies absolute and relative tolerances (relative to the expected number)', () => {
    expect(numericMatch('0.30000000000000004', 0.3).passed).toBe(true); // default relative 1e-9
    expect(numericMatch('3.14', Math.PI).passed).toBe(false);
    expect(numericMatch('3.14', Math.PI, { tolerance: 0.01 }).passed).toBe(true);
    expect(numericMatch('105', 100, { relativeTolerance: 0.05 }).passed).toBe(true);
    expect(numericMatch('106', 100, { relativeTolerance: 0.05 }).passed).toBe(false);
    expect(numericMatch('95', 100, { relativeTolerance: 0.05 }).passed).toBe(true);
  });

  it('can grade the first number, or insist on a single one', () => {
    expect(numericMatch('42 is the answer; 41 is not', 42, { extract: 'first' }).passed).toBe(true);
    expect(numericMatch('42', 42, { extract: 'only' }).passed).toBe(true);
    const several = numericMatch('42 or 43', 42, { extract: 'only' });
    expect(several).toMatchObject({ passed: false, details: { numbersFound: 2, extracted: null } });
    expect(several.explanation).toBe('The output contains 2 numbers ("42", "43"), but exactly one is required.');
    expect(extractNumbers('1, 2 and 3/4').map((n) => n.value)).toEqual([1, 2, 0.75]);
  });

  it('explains a miss with the extracted text and the gap', () => {
    const r = numericMatch('I think 1,250', 1200);
    expect(r.passed).toBe(false);
    expect(r.explanation).toBe('Final number "1,250" is 1250, expected 1200; off by 50.');
    expect(numericMatch('no idea', 3).explanation).toBe('No number found in the output; expected 3.');
  });
});
