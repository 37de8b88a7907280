import { describe, expect, it } from 'vitest';
import { RunCase, RunSpec, type CaseResult, type CaseScore } from '../../../shared/runs';
import { resultKey, type StoredRun } from './RunStore';
import { summarizeRun } from './summarizeRun';

const cases = ['a', 'b', 'c', 'd'].map((id) =>
  RunCase.parse({ id, input: { kind: 'completion', prompt: id }, tags: id === 'a' ? ['easy'] : [] }),
);
const run: StoredRun = {
  id: 'r',
  spec: RunSpec.parse({ name: 'n', models: [{ modelId: 'q8' }, { modelId: 'q4' }] }),
  cases,
  status: 'completed',
  environment: null,
  createdAt: 'now',
  testSetPath: null,
};

function result(modelKey: string, caseId: string, ttft: number): CaseResult {
  return {
    runId: 'r',
    modelKey,
    caseId,
    repetition: 0,
    seed: 0,
    output: 'x',
    stopReason: 'eos',
    timings: {
      timeToFirstTokenMs: ttft,
      promptTokens: 1,
      promptTokensPerSecond: 100,
      generatedTokens: 5,
      generationTokensPerSecond: 50,
      totalMs: ttft + 10,
    },
    memory: { peakRssBytes: 1000, rssBytes: 900, vramUsedBytes: null },
    error: null,
    finishedAt: 'now',
    cachedFrom: null,
    endpoint: null,
    provenance: null,
    params: null,
    loglikelihood: null,
  };
}
const score = (passed: boolean): CaseScore[] => [
  {
    label: 'exact',
    type: 'exact',
    weight: 1,
    score: passed ? 1 : 0,
    rawScore: passed ? 1 : 0,
    passed,
    explanation: '',
    details: null,
    error: null,
  },
];

describe('summarizeRun', () => {
  const results = [...cases.map((c, i) => result('m0:q8', c.id, 10 + i)), ...cases.map((c, i) => result('m1:q4', c.id, 20 + i))];
  const scores = new Map<string, CaseScore[]>();
  for (const r of results) scores.set(resultKey(r.modelKey, r.caseId, 0), score(r.modelKey === 'm0:q8' || r.caseId === 'a'));

  it('reports pass rates, latency medians and a comparison with the baseline', () => {
    const summary = summarizeRun(
      run,
      results,
      scores,
      new Map([
        ['q8', 'Q8_0'],
        ['q4', 'Q4_0'],
      ]),
    );
    const [q8, q4] = summary.models;
    expect(q8?.passRate?.estimate).toBe(1);
    expect(q4?.passRate?.estimate).toBe(0.25);
    expect(q8?.timeToFirstTokenMs?.median).toBe(11.5);
    expect(q4?.comparison?.baseline).toBe('Q8_0');
    expect(q4?.comparison?.passRate?.verdict).toMatch(/^(Q4_0 is worse than Q8_0|No significant difference)/);
    expect(q8?.byTag).toEqual([expect.objectContaining({ tag: 'easy', passed: 1, scored: 1 })]);
  });

  it('lets a person’s pass or fail override the scorers, keeping the automatic figure beside it', () => {
    const reviews = new Map<string, 'pass' | 'fail' | 'unsure'>([
      [resultKey('m1:q4', 'b', 0), 'pass'],
      [resultKey('m1:q4', 'c', 0), 'unsure'],
      [resultKey('m0:q8', 'a', 0), 'pass'],
    ]);
    const q4 = summarizeRun(run, results, scores, new Map(), undefined, reviews).models[1];
    expect(q4?.passRate?.estimate).toBe(0.5);
    expect(q4?.automaticPassRate?.estimate).toBe(0.25);
    expect(q4?.reviewed).toBe(1);
    expect(q4?.overturned).toBe(1);
  });
});
