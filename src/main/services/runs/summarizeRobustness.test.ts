import { describe, expect, it } from 'vitest';
import { RunCase, RunSpec, type CaseResult, type CaseScore } from '../../../shared/runs';
import { scoreOutput } from '../scoring/scoreOutput';
import { resultKey, type StoredRun } from './RunStore';
import { summarizeRun } from './summarizeRun';

const choice = [{ type: 'choice' as const, choices: ['A', 'B', 'C'] }];
const numeric = [{ type: 'numeric' as const }];
const c = (id: string, expected: string, scorers: object[], variant?: { of: string; kind: string; optionMap?: Record<string, string> }) =>
  RunCase.parse({
    id,
    input: { kind: 'completion', prompt: id },
    expected: [expected],
    scorers,
    ...(variant
      ? { variantOf: variant.of, perturbation: variant.kind, ...(variant.optionMap ? { optionMap: variant.optionMap } : {}) }
      : {}),
  });

const originals = [c('q1', 'B', choice), c('q2', '42', numeric)];
const variants = [
  c('q1~typos#1', 'B', choice, { of: 'q1', kind: 'typos' }),
  // The right option moved from B to A.
  c('q1~shuffle-options#1', 'A', choice, { of: 'q1', kind: 'shuffle-options', optionMap: { A: 'B', B: 'C', C: 'A' } }),
  c('q2~typos#1', '42', numeric, { of: 'q2', kind: 'typos' }),
  c('q2~casing#1', '42', numeric, { of: 'q2', kind: 'casing' }),
];
const robustness = {
  seed: 5,
  perturbations: ['typos', 'casing', 'shuffle-options'] as ('typos' | 'casing' | 'shuffle-options')[],
  variantsPerKind: 1,
};

function stored(cases: RunCase[], withRobustness: boolean): StoredRun {
  return {
    id: 'r',
    spec: RunSpec.parse({ name: 'n', models: [{ modelId: 'q8' }], ...(withRobustness ? { robustness } : {}) }),
    cases,
    status: 'completed',
    environment: null,
    createdAt: 'now',
    testSetPath: null,
  };
}

/** Results of model m0 with the given outputs (null: a harness error), scored by the cases' own scorers. */
async function answers(cases: readonly RunCase[], outputs: Record<string, string | null>) {
  const results: CaseResult[] = [];
  const scores = new Map<string, CaseScore[]>();
  for (const testCase of cases) {
    const output = outputs[testCase.id];
    if (output === undefined) continue;
    results.push({
      runId: 'r',
      modelKey: 'm0:q8',
      caseId: testCase.id,
      repetition: 0,
      seed: 0,
      output,
      stopReason: output === null ? null : 'eos',
      timings:
        output === null
          ? null
          : {
              timeToFirstTokenMs: 10,
              promptTokens: 1,
              promptTokensPerSecond: 100,
              generatedTokens: 5,
              generationTokensPerSecond: 50,
              totalMs: 20,
            },
      memory: null,
      error: output === null ? { kind: 'crashed', message: 'worker died', logs: [] } : null,
      finishedAt: 'now',
      cachedFrom: null,
      endpoint: null,
      provenance: null,
      params: null,
      loglikelihood: null,
    });
    if (output !== null)
      scores.set(
        resultKey('m0:q8', testCase.id, 0),
        await scoreOutput(testCase.scorers, { output, expected: testCase.expected, vars: {} }),
      );
  }
  return { results, scores };
}

const outputs = {
  q1: 'B',
  q2: '42',
  'q1~typos#1': 'The answer is B.',
  'q1~shuffle-options#1': 'A',
  'q2~typos#1': 'It is 41.',
  'q2~casing#1': 'THE RESULT IS 42.',
};

const all = [...originals, ...variants];
const { results, scores } = await answers(all, outputs);

describe('summarizeRun with robustness variants', () => {
  const summary = summarizeRun(stored(all, true), results, scores, new Map());

  it('keeps the original-only figures exactly as a run without variants gives them', async () => {
    const plain = await answers(originals, outputs);
    const without = summarizeRun(stored(originals, false), plain.results, plain.scores, new Map());
    const { robustness: section, ...rest } = summary;
    expect(section).toBeDefined();
    expect(rest).toEqual(without);
    expect(summary.cases).toBe(2);
    expect(summary.models[0]?.passRate?.estimate).toBe(1);
    expect(summary.models[0]?.results).toBe(2);
  });

  it('reports the score drop, paired by original, and answer and pass consistency', () => {
    const model = summary.robustness?.models[0];
    expect(summary.robustness).toMatchObject({ seed: 5, variantsPerKind: 1, variantCases: 4 });
    // q1: 1 − mean(1, 1) = 0; q2: 1 − mean(0, 1) = 0.5; mean 0.25.
    expect(model?.overall).toMatchObject({ cases: 2, variants: 4, errors: 0, originalMeanScore: 1, variantMeanScore: 0.75 });
    expect(model?.overall.scoreDrop?.estimate).toBeCloseTo(0.25, 12);
    expect((model?.overall.originalMeanScore ?? 0) - (model?.overall.variantMeanScore ?? 0)).toBeCloseTo(
      model?.overall.scoreDrop?.estimate ?? NaN,
      12,
    );
    expect(model?.overall.scoreDrop).toMatchObject({ lower: 0, upper: 0.5, n: 2 });
    // The shuffled variant chose A, which is where the original's B went: the same answer.
    expect(model?.overall.answerConsistency).toMatchObject({ agreeing: 3, compared: 4, share: 0.75 });
    expect(model?.overall.passConsistency).toMatchObject({ agreeing: 3, compared: 4, share: 0.75 });
  });

  it('breaks the figures down per perturbation', () => {
    const byKind = Object.fromEntries((summary.robustness?.models[0]?.byKind ?? []).map((k) => [k.kind, k]));
    expect(Object.keys(byKind)).toEqual(['typos', 'casing', 'shuffle-options']);
    expect(byKind.typos?.scoreDrop?.estimate).toBeCloseTo(0.5, 12);
    expect(byKind.typos?.answerConsistency?.share).toBe(0.5);
    expect(byKind.casing?.scoreDrop?.estimate).toBe(0);
    expect(byKind.casing?.answerConsistency?.share).toBe(1);
    expect(byKind['shuffle-options']).toMatchObject({ cases: 1, variants: 1, passConsistency: { share: 1 } });
  });

  it('weighs each original once in the means, however many variants it has', async () => {
    const extra = c('q2~casing#2', '42', numeric, { of: 'q2', kind: 'casing' });
    const cases = [...all, extra];
    const more = await answers(cases, { ...outputs, 'q2~casing#2': 'No idea.' });
    const overall = summarizeRun(stored(cases, true), more.results, more.scores, new Map()).robustness?.models[0]?.overall;
    // q1: variants 1, 1 → 1; q2: variants 0, 1, 0 → 1/3. Mean of the two: 2/3, not the 2/5 of all five variants.
    expect(overall?.variantMeanScore).toBeCloseTo(2 / 3, 12);
    expect(overall?.scoreDrop?.estimate).toBeCloseTo(1 / 3, 12);
  });

  it('counts a variant the harness could not run as an error, not as a disagreement', async () => {
    const broken = await answers(all, { ...outputs, 'q2~typos#1': null });
    const model = summarizeRun(stored(all, true), broken.results, broken.scores, new Map()).robustness?.models[0];
    expect(model?.overall).toMatchObject({ variants: 3, errors: 1, answerConsistency: { agreeing: 3, compared: 3 } });
    expect(model?.overall.scoreDrop?.estimate).toBe(0);
  });
});
