import { describe, expect, it } from 'vitest';
import type { LoglikelihoodResult } from '../../../shared/loglikelihood';
import type { CaseResult } from '../../../shared/runs';
import type { ModelRunSummary } from '../../../shared/runSummary';
import { summarizeLoglikelihood } from '../loglikelihood/summarizeLoglikelihood';
import { addLoglikelihoodSummaries } from './summarizeLoglikelihoodRun';

function figures(acc: 0 | 1, accNorm: 0 | 1, probCorrect: number): LoglikelihoodResult {
  return {
    choices: [
      { logprob: -1, tokens: 1, greedy: true },
      { logprob: -2, tokens: 1, greedy: false },
    ],
    acc,
    accNorm,
    probCorrect,
    predicted: acc === 1 ? 0 : 1,
    predictedNorm: accNorm === 1 ? 0 : 1,
    totalMs: 3,
  };
}

function result(modelKey: string, caseId: string, ll: LoglikelihoodResult | null, error = false): CaseResult {
  return {
    runId: 'r',
    modelKey,
    caseId,
    repetition: 0,
    seed: 0,
    output: error ? null : ' a',
    stopReason: null,
    timings: null,
    memory: null,
    error: error ? { kind: 'failed', message: 'no', logs: [] } : null,
    finishedAt: '2026-12-06T00:00:00.000Z',
    cachedFrom: null,
    endpoint: null,
    provenance: null,
    params: null,
    loglikelihood: ll,
  };
}

const model = (modelKey: string, label: string): ModelRunSummary => ({ modelKey, label }) as ModelRunSummary;

describe('addLoglikelihoodSummaries', () => {
  // 12 items: the baseline gets 10 right, the candidate 4 (6 discordant pairs, all one way).
  const base = Array.from({ length: 12 }, (_, i) => figures(i < 10 ? 1 : 0, i < 9 ? 1 : 0, i < 10 ? 0.8 : 0.3));
  const cand = Array.from({ length: 12 }, (_, i) => figures(i < 4 ? 1 : 0, i < 5 ? 1 : 0, i < 4 ? 0.6 : 0.2));

  it('gives each model acc, acc_norm and P(correct) with intervals and verdicts exactly as `evalbench loglikelihood` does on the same items', () => {
    const models = [model('m0:a', 'F32'), model('m1:b', 'Q4_0')];
    const results = [...base.map((f, i) => result('m0:a', `c${i}`, f)), ...cand.map((f, i) => result('m1:b', `c${i}`, f))];
    addLoglikelihoodSummaries(models, results, models[0]);
    const [expectedBase, expectedCand] = summarizeLoglikelihood([
      { label: 'F32', figures: base },
      { label: 'Q4_0', figures: cand },
    ]);
    const [f32, q4] = models;
    expect(f32?.loglikelihood).toEqual({
      items: 12,
      acc: expectedBase?.acc,
      accNorm: expectedBase?.accNorm,
      probCorrect: expectedBase?.probCorrect,
      comparison: null,
    });
    expect(q4?.loglikelihood?.acc.estimate).toBeCloseTo(4 / 12, 12);
    expect(q4?.loglikelihood?.acc).toEqual(expectedCand?.acc);
    expect(q4?.loglikelihood?.comparison?.acc.verdict).toBe(expectedCand?.comparison?.acc);
    expect(q4?.loglikelihood?.comparison?.accNorm.verdict).toBe(expectedCand?.comparison?.accNorm);
    expect(q4?.loglikelihood?.comparison?.probCorrect.verdict).toBe(expectedCand?.comparison?.probCorrect);
    // The paired difference is the per-case data's: 6 of 12 lost, none gained.
    expect(q4?.loglikelihood?.comparison?.acc).toMatchObject({ n: 12, difference: -0.5 });
  });

  it('compares only the items both models scored, and leaves out errors and generated answers', () => {
    const models = [model('m0:a', 'F32'), model('m1:b', 'Q4_0')];
    const results = [
      ...base.map((f, i) => result('m0:a', `c${i}`, f)),
      ...cand.slice(0, 6).map((f, i) => result('m1:b', `c${i}`, f)),
      result('m1:b', 'c6', null, true),
      result('m1:b', 'generated', null),
    ];
    addLoglikelihoodSummaries(models, results, models[0]);
    expect(models[1]?.loglikelihood?.items).toBe(6);
    expect(models[1]?.loglikelihood?.comparison?.acc.n).toBe(6);
    const none = [model('m0:a', 'F32')];
    addLoglikelihoodSummaries(none, [result('m0:a', 'generated', null)], none[0]);
    expect(none[0]?.loglikelihood).toBeUndefined();
  });
});
