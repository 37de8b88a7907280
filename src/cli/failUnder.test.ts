import { describe, expect, it } from 'vitest';
import type { ModelRunSummary } from '../shared/runSummary';
import { modelRunSummary } from '../shared/testing/modelRunSummary';
import { checkFailUnder, parseFailUnder } from './failUnder';

const model = (label: string, passRate: number | null, errors = 0): ModelRunSummary =>
  modelRunSummary(label, {
    results: 10,
    errors,
    passRate: passRate === null ? null : { estimate: passRate, lower: 0, upper: 1, confidence: 0.95, resamples: 10000, seed: 1, n: 10 },
  });

describe('--fail-under', () => {
  it('parses several conditions and names each model that misses one', () => {
    const conditions = parseFailUnder('pass_rate>=0.8 && errors==0');
    expect(checkFailUnder(conditions, [model('Q8_0', 0.9), model('Q4_0', 0.7, 2)])).toEqual([
      'Q4_0: pass_rate is 0.7, which fails "pass_rate>=0.8".',
      'Q4_0: errors is 2, which fails "errors==0".',
    ]);
  });

  it('treats an unknown figure as failing, never as passing', () => {
    expect(checkFailUnder(parseFailUnder('pass_rate>0.5'), [model('X', null)])[0]).toMatch(/unknown/);
  });

  it('rejects what it cannot read, saying what it expects', () => {
    expect(() => parseFailUnder('pass_rate => 0.8')).toThrow(/METRIC OP NUMBER/);
    expect(() => parseFailUnder('accuracy>=0.8')).toThrow(/unknown figure "accuracy"/);
  });
});
