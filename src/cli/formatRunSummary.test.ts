import { describe, expect, it } from 'vitest';
import { ModelRunSummary, RunSummary } from '../shared/runSummary';
import { formatRunSummary } from './formatRunSummary';

function modelSummary(label: string, aggregate?: ModelRunSummary['aggregateThroughput']): ModelRunSummary {
  return ModelRunSummary.parse({
    modelKey: `m:${label}`,
    label,
    modelId: label,
    results: 8,
    errors: 0,
    scoringErrors: 0,
    passRate: null,
    automaticPassRate: null,
    reviewed: 0,
    overturned: 0,
    meanScore: null,
    timeToFirstTokenMs: null,
    promptTokensPerSecond: null,
    generationTokensPerSecond: { n: 8, mean: 50, sd: 1, min: 49, max: 51, median: 50, p95: 51 },
    ...(aggregate === undefined ? {} : { aggregateThroughput: aggregate }),
    peakRssBytes: null,
    peakVramBytes: null,
    byTag: [],
    comparison: null,
  });
}

function summary(mode: 'latency' | 'throughput', models: ModelRunSummary[]): RunSummary {
  return RunSummary.parse({ runId: 'r', name: 'Run', status: 'completed', mode, repetitions: 1, cases: 8, baseline: null, models });
}

describe('formatRunSummary', () => {
  it('gives a throughput run each model’s aggregate tokens/s beside the per-case rates', () => {
    const text = formatRunSummary(summary('throughput', [modelSummary('q4', { generatedTokens: 1024, wallSeconds: 4, tokensPerSecond: 256 }), modelSummary('q8', null)]));
    expect(text).toContain('Aggregate throughput');
    expect(text).toContain('  q4: 256.0 tok/s (1024 tokens in 4.0 s)');
    expect(text).toContain('  q8: —');
  });

  it('leaves it out of a latency run', () => {
    expect(formatRunSummary(summary('latency', [modelSummary('q4')]))).not.toContain('Aggregate throughput');
  });
});
