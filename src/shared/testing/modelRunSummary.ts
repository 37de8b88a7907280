import type { ModelRunSummary, RunSummary } from '../runSummary';

/**
 * A model's run summary for tests: nothing measured or scored, no errors, with the fields a test
 * is about given in `fields`.
 */
export function modelRunSummary(label: string, fields: Partial<ModelRunSummary> = {}): ModelRunSummary {
  return {
    modelKey: `m:${label}`,
    label,
    modelId: label,
    results: 0,
    errors: 0,
    scoringErrors: 0,
    passRate: null,
    automaticPassRate: null,
    reviewed: 0,
    overturned: 0,
    meanScore: null,
    timeToFirstTokenMs: null,
    promptTokensPerSecond: null,
    generationTokensPerSecond: null,
    peakRssBytes: null,
    peakVramBytes: null,
    byTag: [],
    comparison: null,
    ...fields,
  };
}

/** A finished latency run's summary of `models` for tests, with the fields a test is about given in `fields`. */
export function runSummary(models: ModelRunSummary[], fields: Partial<RunSummary> = {}): RunSummary {
  return { runId: 'r', name: 'r', status: 'completed', mode: 'latency', repetitions: 1, cases: 3, baseline: null, models, ...fields };
}
