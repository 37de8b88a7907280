import { describe, expect, it } from 'vitest';
import { GenerationParams } from './engine';
import { effectiveParams, overrideText, paramOverrides, paramsAsRunText, runParamsInEffect } from './effectiveParams';

const run = GenerationParams.parse({ maxTokens: 256, temperature: 0.7, seed: 10 });

describe('effectiveParams: run < test set defaults < case', () => {
  it('takes the run’s value where the case and its test set set none', () => {
    expect(effectiveParams(run, undefined, 0)).toEqual({ ...run, seed: 10 });
  });

  it('lets the test set’s (merged) value win over the run’s, and moves the seed by the repetition', () => {
    const p = effectiveParams(run, { maxTokens: 32 }, 2);
    expect(p.maxTokens).toBe(32);
    expect(p.temperature).toBe(0.7);
    expect(p.seed).toBe(12);
  });

  it('keeps a seed the case pins, moved by the repetition', () => {
    expect(effectiveParams(run, { seed: 100 }, 1).seed).toBe(101);
  });
});

describe('paramOverrides and their words', () => {
  const cases = [{ params: { maxTokens: 32 } }, { params: { maxTokens: 32, stop: ['\n'] } }, { params: { maxTokens: 24 } }, {}];

  it('counts the cases that set each parameter, most common value first', () => {
    expect(paramOverrides(cases)).toEqual([
      {
        param: 'maxTokens',
        values: [
          { value: 32, cases: 2 },
          { value: 24, cases: 1 },
        ],
        cases: 3,
        total: 4,
      },
      { param: 'stop', values: [{ value: ['\n'], cases: 1 }], cases: 1, total: 4 },
    ]);
  });

  it('says what the test set sets, for all or some of its cases', () => {
    const [all] = paramOverrides([{ params: { maxTokens: 32 } }, { params: { maxTokens: 32 } }]);
    expect(all && overrideText(all)).toBe('the test set sets 32 for its 2 cases');
    const [some] = paramOverrides(cases);
    expect(some && overrideText(some)).toBe('the test set sets 32 (2 cases) or 24 (1 case) for 3 of 4 cases');
  });

  it('describes the parameters as they ran, not the run’s overridden value', () => {
    const text = paramsAsRunText(run, [{ params: { maxTokens: 32 } }, { params: { maxTokens: 32 } }]);
    expect(text).toContain("maxTokens: the test set sets 32 for its 2 cases, so the run's 256 applies to none");
    expect(text).toContain('temperature 0.7');
    expect(text).not.toMatch(/maxTokens 256/);
    expect(paramsAsRunText(run, cases)).toContain("the run's 256 the other 1");
  });

  it('drops from a rerun file only what every case overrode', () => {
    expect(runParamsInEffect(run, [{ params: { maxTokens: 32 } }, { params: { maxTokens: 24 } }])).not.toHaveProperty('maxTokens');
    expect(runParamsInEffect(run, cases)).toMatchObject({ maxTokens: 256, temperature: 0.7 });
    expect(runParamsInEffect(run, [])).toEqual(run);
  });
});
