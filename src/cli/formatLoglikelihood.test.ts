import { describe, expect, it } from 'vitest';
import { formatLoglikelihood, type LoglikelihoodFigures } from './formatLoglikelihood';

const f32: LoglikelihoodFigures = {
  label: 'F32',
  items: 32,
  acc: { estimate: 0.90625, lower: 0.78125, upper: 1 },
  accNorm: { estimate: 0.875, lower: 0.75, upper: 0.96875 },
  probCorrect: { estimate: 0.9012, lower: 0.8123, upper: 0.9701 },
  comparison: null,
};

const q4: LoglikelihoodFigures = {
  label: 'Q4_0',
  items: 32,
  acc: { estimate: 0.9375, lower: 0.84375, upper: 1 },
  accNorm: { estimate: 0.875, lower: 0.75, upper: 0.96875 },
  probCorrect: { estimate: 0.9, lower: 0.811, upper: 0.969 },
  comparison: {
    baseline: 'F32',
    acc: 'Q4_0 is 3.1 points above F32 (no significant difference)',
    accNorm: 'Q4_0 and F32 agree on every item',
    probCorrect: 'Q4_0 is 0.1 points below F32 (no significant difference)',
  },
};

describe('formatLoglikelihood', () => {
  it('prints one row per model with each figure and its interval in percent, then each verdict against the baseline', () => {
    expect(formatLoglikelihood([f32, q4])).toEqual([
      'Model  Items  acc (95% CI)          acc_norm (95% CI)    P(correct) (95% CI)',
      '-----  -----  --------------------  -------------------  -------------------',
      'F32    32     90.6% (78.1%–100.0%)  87.5% (75.0%–96.9%)  90.1% (81.2%–97.0%)',
      'Q4_0   32     93.8% (84.4%–100.0%)  87.5% (75.0%–96.9%)  90.0% (81.1%–96.9%)',
      '',
      'Q4_0 vs F32:',
      '  acc:        Q4_0 is 3.1 points above F32 (no significant difference)',
      '  acc_norm:   Q4_0 and F32 agree on every item',
      '  P(correct): Q4_0 is 0.1 points below F32 (no significant difference)',
    ]);
  });

  it('prints the table alone when there is no baseline to compare with', () => {
    expect(formatLoglikelihood([f32])).toHaveLength(3);
  });
});
