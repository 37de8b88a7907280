import { describe, expect, it } from 'vitest';
import { percent, percentInterval, signedPoints } from './formatPercent';

describe('formatPercent', () => {
  it('writes a fraction with one decimal and the sign straight after it', () => {
    expect(percent(0.90625)).toBe('90.6%');
    expect(percent(1)).toBe('100.0%');
    expect(percentInterval({ estimate: 0.90625, lower: 0.78125, upper: 1 })).toBe('90.6% (78.1%–100.0%)');
  });

  it('signs differences in points with a plus or a true minus, and none for what rounds to zero', () => {
    expect(signedPoints(0.03125)).toBe('+3.1');
    expect(signedPoints(-0.02)).toBe('−2.0');
    expect(signedPoints(0)).toBe('0.0');
    expect(signedPoints(-0.0001)).toBe('0.0');
  });
});
