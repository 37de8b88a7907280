import { describe, expect, it } from 'vitest';
import { ModelRunSummary, RunSummary, type LoglikelihoodRunSummary } from '../shared/runSummary';
import { summarizeSamples } from '../shared/stats';
import { modelRunSummary } from '../shared/testing/modelRunSummary';
import { formatLoglikelihood } from './formatLoglikelihood';
import { formatRunSummary } from './formatRunSummary';
import { optionalFields } from '../shared/optionalFields';

const model = (label: string, ttft: number[], tps: number[]): ModelRunSummary =>
  modelRunSummary(label, {
    results: ttft.length,
    timeToFirstTokenMs: summarizeSamples(ttft),
    generationTokensPerSecond: summarizeSamples(tps),
  });

const summary: RunSummary = {
  runId: 'r',
  name: 'timing',
  status: 'completed',
  mode: 'latency',
  repetitions: 1,
  cases: 5,
  baseline: 'F16',
  models: [model('F16', [10, 11, 12, 13, 14], [100, 101, 102, 103, 104]), model('Q4_0', [5, 6, 20, 40, 41], [50, 52, 54, 56, 58])],
};

describe('formatRunSummary timing figures', () => {
  it('prints the IQR and the number of timed generations beside every median', () => {
    const text = formatRunSummary(summary);
    expect(text).toContain('TTFT p50 ms (IQR, n)');
    expect(text).toContain('12.0 (IQR 2.0, n=5)');
    expect(text).toContain('102.0 (IQR 2.0, n=5)');
  });

  it('flags a median whose spread is too wide to compare', () => {
    const text = formatRunSummary(summary);
    // Q4_0's TTFT: median 20, IQR 40 − 6 = 34, over half the median.
    expect(text).toContain('20.0 (IQR 34.0, n=5) *');
    expect(text).toContain('* Spread too wide to compare');
    expect(formatRunSummary({ ...summary, models: [summary.models[0] as ModelRunSummary] })).not.toContain('too wide');
  });

  it('says when the timings were measured on a busy machine', () => {
    expect(formatRunSummary(summary)).not.toContain('busy machine');
    const busy = formatRunSummary({ ...summary, competingLoad: { cores: 2, atStart: 1.2, mean: 0.9, peak: 1.8, samples: 10, busy: true } });
    expect(busy).toContain('Timing figures measured on a busy machine: other processes used 1.2 of 2 cores');
  });
});

describe('formatRunSummary decode rate inside llama.cpp', () => {
  it('prints llama.cpp’s own decode rate beside the end-to-end rate, labelled, where a model has it', () => {
    expect(formatRunSummary(summary)).not.toContain('inside llama.cpp');
    const [f16, q4] = summary.models as [ModelRunSummary, ModelRunSummary];
    const text = formatRunSummary({
      ...summary,
      models: [
        { ...f16, llamaCppDecodeTokensPerSecond: summarizeSamples([110, 111, 112, 113, 114]) },
        { ...q4, llamaCppDecodeTokensPerSecond: null },
      ],
    });
    expect(text).toContain('end to end (what a case saw) / inside llama.cpp');
    expect(text).toContain('  F16: 102.0 / 112.0 (IQR 2.0, n=5)');
    expect(text).toContain('  Q4_0: 54.0 / —');
  });
});

/** A model of a throughput run: steady per-case rates, and its aggregate when given. */
function throughputModel(label: string, aggregate?: ModelRunSummary['aggregateThroughput']): ModelRunSummary {
  return ModelRunSummary.parse({
    ...model(label, [], [49, 50, 50, 50, 50, 50, 50, 51]),
    results: 8,
    ...optionalFields({ aggregateThroughput: aggregate }),
  });
}

function runOf(mode: 'latency' | 'throughput', models: ModelRunSummary[]): RunSummary {
  return RunSummary.parse({ runId: 'r', name: 'Run', status: 'completed', mode, repetitions: 1, cases: 8, baseline: null, models });
}

describe('formatRunSummary aggregate throughput', () => {
  it('gives a throughput run each model’s aggregate tokens/s beside the per-case rates', () => {
    const text = formatRunSummary(
      runOf('throughput', [
        throughputModel('q4', { generatedTokens: 1024, wallSeconds: 4, tokensPerSecond: 256 }),
        throughputModel('q8', null),
      ]),
    );
    expect(text).toContain('Aggregate throughput');
    expect(text).toContain('  q4: 256.0 tok/s (1024 tokens in 4.0 s)');
    expect(text).toContain('  q8: —');
  });

  it('leaves it out of a latency run', () => {
    expect(formatRunSummary(runOf('latency', [throughputModel('q4')]))).not.toContain('Aggregate throughput');
  });
});

describe('formatRunSummary log-likelihood figures', () => {
  const interval = (estimate: number): LoglikelihoodRunSummary['acc'] => ({
    estimate,
    lower: estimate - 0.1,
    upper: estimate + 0.05,
    confidence: 0.95,
    resamples: 10_000,
    seed: 1,
    n: 12,
  });
  const paired = (verdict: string): NonNullable<LoglikelihoodRunSummary['comparison']>['acc'] => ({
    difference: 0,
    lower: -0.1,
    upper: 0.1,
    pValue: 1,
    verdict,
    n: 12,
  });
  const withLl = (label: string, acc: number, comparison: LoglikelihoodRunSummary['comparison']): ModelRunSummary => ({
    ...model(label, [10], [100]),
    loglikelihood: { items: 12, acc: interval(acc), accNorm: interval(0.75), probCorrect: interval(0.6), comparison },
  });

  it('prints the same table and verdicts as evalbench loglikelihood, under a heading', () => {
    const comparison = {
      baseline: 'F16',
      acc: paired('Q4_0 is no worse'),
      accNorm: paired('same acc_norm'),
      probCorrect: paired('same P'),
    };
    const text = formatRunSummary({ ...summary, models: [withLl('F16', 0.5, null), withLl('Q4_0', 0.25, comparison)] });
    const expected = formatLoglikelihood([
      { label: 'F16', items: 12, acc: interval(0.5), accNorm: interval(0.75), probCorrect: interval(0.6), comparison: null },
      {
        label: 'Q4_0',
        items: 12,
        acc: interval(0.25),
        accNorm: interval(0.75),
        probCorrect: interval(0.6),
        comparison: { baseline: 'F16', acc: 'Q4_0 is no worse', accNorm: 'same acc_norm', probCorrect: 'same P' },
      },
    ]);
    const heading = 'Log-likelihood multiple choice (lm-evaluation-harness acc, acc_norm per byte, probability of the right choice):';
    expect(text).toContain(`\n\n${[heading, ...expected].join('\n')}\n`);
    expect(text).toContain('\nQ4_0   12     25.0% (15.0%–30.0%)  75.0% (65.0%–80.0%)  60.0% (50.0%–65.0%)\n');
    expect(text).toContain('\nQ4_0 vs F16:\n  acc:        Q4_0 is no worse\n  acc_norm:   same acc_norm\n  P(correct): same P\n');
  });

  it('leaves the section out of a run that scored no choices', () => {
    expect(formatRunSummary(summary)).not.toContain('Log-likelihood');
  });
});
