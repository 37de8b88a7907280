import { describe, expect, it } from 'vitest';
import { formatPValue, verdict } from './verdict';

const names = { candidate: 'Q4_K_M', baseline: 'Q8_0' };

describe('verdict', () => {
  it('states a significant drop with the size of the gap and its interval', () => {
    const text = verdict({ difference: -0.031, lower: -0.05, upper: -0.012, confidence: 0.95, pValue: 0.002 }, { ...names, scale: 100 });
    expect(text).toBe('Q4_K_M is worse than Q8_0 by 3.1 points (95% CI 1.2–5.0, p = 0.002)');
  });

  it('says when there is no significant difference, with signed bounds', () => {
    const text = verdict({ difference: -0.004, lower: -0.015, upper: 0.007, confidence: 0.95, pValue: 0.41 }, { ...names, scale: 100 });
    expect(text).toBe('No significant difference between Q4_K_M and Q8_0 (−0.4 points, 95% CI −1.5 to 0.7, p = 0.41)');
  });

  it('knows when lower is better, and takes units and digits', () => {
    const slower = verdict(
      { difference: 12.34, lower: 5.2, upper: 20.1, confidence: 0.9, pValue: 0.0004 },
      { ...names, higherIsBetter: false, unit: 'ms', digits: 0 },
    );
    expect(slower).toBe('Q4_K_M is worse than Q8_0 by 12 ms (90% CI 5–20, p < 0.001)');
    const better = verdict(
      { difference: 0.021, lower: 0.004, upper: 0.038, confidence: 0.95, pValue: 0.03 },
      { ...names, scale: 100, unit: 'percentage points' },
    );
    expect(better).toBe('Q4_K_M is better than Q8_0 by 2.1 percentage points (95% CI 0.4–3.8, p = 0.030)');
  });
});

describe('formatPValue', () => {
  it.each([
    [0.0004, '< 0.001'],
    [0.002, '0.002'],
    [0.0496, '0.0496'], // 0.050 would read as not significant
    [0.41, '0.41'],
    [0.999, '1'],
  ])('%d → %s', (p, text) => {
    expect(formatPValue(p)).toBe(text);
  });
});
