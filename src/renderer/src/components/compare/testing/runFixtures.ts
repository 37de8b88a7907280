import { calls } from '../../../../../shared/api';
import type { CaseScore } from '../../../../../shared/runs';
import type { RunDetail, ScoredResult } from '../../../stores/compareTypes';

/** One scorer's verdict, for tests. */
export function score(overrides: Partial<CaseScore> = {}): CaseScore {
  const passed = overrides.passed ?? true;
  return {
    label: 'exact',
    type: 'exact',
    weight: 1,
    score: passed ? 1 : 0,
    rawScore: passed ? 1 : 0,
    passed,
    explanation: passed ? 'Matches.' : 'Does not match.',
    details: null,
    error: null,
    ...overrides,
  };
}

/** One stored result, for tests: passes its one scorer unless told otherwise. */
export function result(overrides: Partial<ScoredResult> = {}): ScoredResult {
  return calls['runs.results'].output.element.parse({
    runId: 'run-1',
    modelKey: 'm0:q8',
    caseId: 'c1',
    repetition: 0,
    seed: 0,
    output: 'Paris',
    stopReason: 'eos',
    timings: {
      timeToFirstTokenMs: 50,
      promptTokens: 10,
      promptTokensPerSecond: 200,
      generatedTokens: 5,
      generationTokensPerSecond: 40,
      totalMs: 150,
    },
    memory: { peakRssBytes: 500_000_000, rssBytes: 400_000_000, vramUsedBytes: null },
    error: null,
    finishedAt: '2026-11-01T10:00:00Z',
    scores: [score()],
    ...overrides,
  });
}

/** A run of `models` (ids) on cases `caseIds`, with default load options. */
export function runDetail(
  caseIds: readonly string[],
  models: readonly string[] = ['q8', 'q4'],
  tags: Record<string, string[]> = {},
): RunDetail {
  const load = { backend: 'cpu', contextSize: 256 };
  return calls['runs.get'].output.parse({
    id: 'run-1',
    status: 'completed',
    createdAt: '2026-11-01T10:00:00Z',
    environment: null,
    spec: {
      name: 'Capitals',
      mode: 'latency',
      models: models.map((modelId) => ({ modelId, label: modelId.toUpperCase(), load })),
      params: { maxTokens: 32 },
    },
    cases: caseIds.map((id) => ({
      id,
      input: { kind: 'completion', prompt: `Question ${id}:` },
      tags: tags[id] ?? [],
      expected: [`answer ${id}`],
      scorers: [],
      vars: {},
    })),
  });
}

/**
 * Marks the cases of `detail` whose ids read `<case>~<kind>#<n>` as robustness variants of
 * `<case>`, the way a run with robustness options stores them.
 */
export function withVariants(detail: RunDetail): RunDetail {
  return calls['runs.get'].output.parse({
    ...detail,
    cases: detail.cases.map((c) => {
      const match = /^(.+)~([a-z-]+)#\d+$/.exec(c.id);
      return match === null ? c : { ...c, variantOf: match[1], perturbation: match[2] };
    }),
  });
}
