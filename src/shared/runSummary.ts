import { z } from 'zod';

const Interval = z.object({
  estimate: z.number(),
  lower: z.number(),
  upper: z.number(),
  confidence: z.number(),
  resamples: z.number().int(),
  seed: z.number().int(),
  n: z.number().int(),
});

const Samples = z.object({
  n: z.number().int(),
  mean: z.number(),
  sd: z.number().nullable(),
  min: z.number(),
  max: z.number(),
  median: z.number(),
  p95: z.number(),
});

/** One model's figures in a run, as the summary, the reports and `evalbench run --json` give them. */
export const ModelRunSummary = z.object({
  modelKey: z.string(),
  label: z.string(),
  modelId: z.string(),
  /** Results stored (cases × repetitions), harness errors included. */
  results: z.number().int(),
  /** Results where the harness could not run the case (not the model's fault). */
  errors: z.number().int(),
  /** Results whose scoring could not run (a scorer error). */
  scoringErrors: z.number().int(),
  /**
   * Share of scored results that passed, with a bootstrap 95% interval. A human review verdict
   * (pass or fail) overrides the scorers' for its result; `automaticPassRate` keeps theirs.
   */
  passRate: Interval.nullable(),
  /** The scorers' own pass rate, before review. */
  automaticPassRate: Interval.nullable(),
  /** Results a person marked pass or fail, and how many of those disagree with the scorers. */
  reviewed: z.number().int(),
  overturned: z.number().int(),
  /** Weighted mean score on 0–1, with a bootstrap 95% interval. */
  meanScore: Interval.nullable(),
  timeToFirstTokenMs: Samples.nullable(),
  promptTokensPerSecond: Samples.nullable(),
  generationTokensPerSecond: Samples.nullable(),
  peakRssBytes: z.number().int().nullable(),
  peakVramBytes: z.number().int().nullable(),
  /** Pass rate per test set tag (Wilson 95% interval, good at small counts). */
  byTag: z.array(z.object({ tag: z.string(), passed: z.number().int(), scored: z.number().int(), passRate: z.number(), lower: z.number(), upper: z.number() })),
  /** Against the baseline model, on the cases both answered; null for the baseline itself. */
  comparison: z
    .object({
      baseline: z.string(),
      /** Pass rate: McNemar's exact test; difference in percentage points. */
      passRate: z.object({ difference: z.number(), lower: z.number(), upper: z.number(), pValue: z.number(), verdict: z.string(), n: z.number().int() }).nullable(),
      /** Mean score: paired bootstrap interval, permutation test. */
      meanScore: z.object({ difference: z.number(), lower: z.number(), upper: z.number(), pValue: z.number(), verdict: z.string(), n: z.number().int() }).nullable(),
    })
    .nullable(),
});
export type ModelRunSummary = z.infer<typeof ModelRunSummary>;

export const RunSummary = z.object({
  runId: z.string(),
  name: z.string(),
  status: z.string(),
  mode: z.enum(['latency', 'throughput']),
  repetitions: z.number().int(),
  cases: z.number().int(),
  baseline: z.string().nullable(),
  models: z.array(ModelRunSummary),
});
export type RunSummary = z.infer<typeof RunSummary>;
