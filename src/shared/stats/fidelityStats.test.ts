import { describe, expect, it } from 'vitest';
import { fidelityReport } from './fidelityStats';

describe('fidelityReport', () => {
  it('computes perplexity, its uncertainty and the log ratio from the NLL series', () => {
    const base = [1, 2, 3, 2];
    const cand = [1.5, 2.5, 3, 2];
    const r = fidelityReport({
      baseNll: base,
      candidateNll: cand,
      kld: [0, 0.1, 0.2, 0.1],
      deltaP: [0.1, -0.1, 0, 0],
      sameTop: [true, true, false, true],
    });
    // mean 2, E[x²] = 18/4 = 4.5, var = 0.5, se = sqrt(0.5 / 3)
    expect(r.basePerplexity.value).toBeCloseTo(Math.exp(2));
    expect(r.basePerplexity.uncertainty).toBeCloseTo(Math.exp(2) * Math.sqrt(0.5 / 3));
    expect(r.logPerplexityRatio.value).toBeCloseTo(2.25 - 2);
    // Differences 0.5, 0.5, 0, 0: var 0.0625, se sqrt(0.0625 / 3); from the variances and covariance it must agree.
    expect(r.logPerplexityRatio.uncertainty).toBeCloseTo(Math.sqrt(0.0625 / 3));
    expect(r.nllCorrelation).toBeGreaterThan(0.9);
  });

  it('reports KLD, Δp and same-top figures with their errors and percentiles', () => {
    const r = fidelityReport({
      baseNll: [1, 2, 3, 4, 5],
      candidateNll: [1, 2, 3, 4, 5],
      kld: [0, 0.1, 0.2, 0.3, 0.4],
      deltaP: [0.3, -0.4, 0, 0, 0],
      sameTop: [true, true, true, false, true],
    });
    expect(r.meanKld.value).toBeCloseTo(0.2);
    expect(r.kldPercentiles).toMatchObject({ max: 0.4, median: 0.2, min: 0 });
    expect(r.kldPercentiles.p90).toBeCloseTo(0.36);
    expect(r.rmsDeltaP.value).toBeCloseTo(Math.sqrt((0.09 + 0.16) / 5));
    expect(r.sameTop.value).toBeCloseTo(0.8);
    expect(r.sameTop.uncertainty).toBeCloseTo(Math.sqrt((0.8 * 0.2) / 4));
    expect(r.nllCorrelation).toBeCloseTo(1);
    expect(r.logPerplexityRatio).toEqual({ value: 0, uncertainty: 0 });
  });

  it('refuses series of different lengths or too few positions', () => {
    expect(() => fidelityReport({ baseNll: [1], candidateNll: [1], kld: [0], deltaP: [0], sameTop: [true] })).toThrow(/at least two/);
    expect(() => fidelityReport({ baseNll: [1, 2], candidateNll: [1], kld: [0, 0], deltaP: [0, 0], sameTop: [true, true] })).toThrow(
      /one value per/,
    );
  });
});
