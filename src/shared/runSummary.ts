import { z } from 'zod';
import { CompetingLoad } from './runs';

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
  /** Quartiles: the interquartile range (q3 − q1) is printed beside every median. */
  q1: z.number(),
  q3: z.number(),
  p95: z.number(),
});

/**
 * One remote endpoint's share of a model's cases. Throughput is over the endpoint's own wall
 * clock (first request sent to last answer received), so concurrent requests add up; the
 * timings are the client's, network included.
 */
export const EndpointRunSummary = z.object({
  /** Base URL, without credentials or query. */
  endpoint: z.string(),
  /** Results this endpoint answered (cases × repetitions), errors included. */
  results: z.number().int(),
  /** Of those, the ones that failed there (the server refused, timed out, sent no usage). */
  errors: z.number().int(),
  /** Tokens generated in its answers (from the server's `usage` where it sent it). */
  generatedTokens: z.number().int(),
  /** From its first request to its last answer; null when it answered nothing. */
  wallSeconds: z.number().nullable(),
  /** Generated tokens ÷ wall seconds: what this endpoint delivered. */
  tokensPerSecond: z.number().nullable(),
  /** Per-answer generation speed (after the first token), measured at the client. */
  generationTokensPerSecond: Samples.nullable(),
  /** Why the run stopped using it (unreachable, key refused, died mid-run); null when it stayed up. */
  down: z.string().nullable(),
});
export type EndpointRunSummary = z.infer<typeof EndpointRunSummary>;

/** All of a model's generated tokens over the wall time of its generation phase (first case started to last finished). */
export const AggregateThroughput = z.object({
  generatedTokens: z.number().int(),
  wallSeconds: z.number(),
  tokensPerSecond: z.number().nullable(),
});
export type AggregateThroughput = z.infer<typeof AggregateThroughput>;

/** A paired comparison with the baseline: difference, its 95% interval, the test's p-value and a sentence. */
const PairedFigure = z.object({
  difference: z.number(),
  lower: z.number(),
  upper: z.number(),
  pValue: z.number(),
  verdict: z.string(),
  n: z.number().int(),
});

/**
 * A model's log-likelihood multiple-choice figures, as lm-evaluation-harness names them, with
 * bootstrap 95% intervals, over the results that scored their choices.
 */
export const LoglikelihoodRunSummary = z.object({
  /** Results (cases × repetitions) whose choices were scored. */
  items: z.number().int(),
  /** Share whose highest summed log-likelihood is the right choice. */
  acc: Interval,
  /** Share whose highest log-likelihood per byte is the right choice. */
  accNorm: Interval,
  /** Mean probability of the right choice (softmax over the choices). */
  probCorrect: Interval,
  /** Against the baseline on the items both scored (McNemar's exact test for acc and acc_norm, a permutation test for P(correct)); null for the baseline. */
  comparison: z.object({ baseline: z.string(), acc: PairedFigure, accNorm: PairedFigure, probCorrect: PairedFigure }).nullable(),
});
export type LoglikelihoodRunSummary = z.infer<typeof LoglikelihoodRunSummary>;

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
  /**
   * The decode rate inside llama.cpp by its own counters (GenerationTimings'
   * `llamaCppDecodeTokensPerSecond`), beside the end-to-end generation rate above; null where no
   * result had it (throughput mode, remote models), absent in summaries made before it existed.
   */
  llamaCppDecodeTokensPerSecond: Samples.nullable().optional(),
  /**
   * Throughput runs: the tokens/s the engine delivered with several cases at once (generated
   * tokens ÷ wall time of the generation phase); absent in latency runs, null with no answers.
   */
  aggregateThroughput: AggregateThroughput.nullable().optional(),
  peakRssBytes: z.number().int().nullable(),
  peakVramBytes: z.number().int().nullable(),
  /** A remote model's endpoints, in the run's order, with what each answered; absent for a local model. */
  endpoints: z.array(EndpointRunSummary).optional(),
  /** Pass rate per test set tag (Wilson 95% interval, good at small counts). */
  byTag: z.array(
    z.object({
      tag: z.string(),
      passed: z.number().int(),
      scored: z.number().int(),
      passRate: z.number(),
      lower: z.number(),
      upper: z.number(),
    }),
  ),
  /** Log-likelihood multiple-choice cases: acc, acc_norm and P(correct); absent when the run has none this model scored. */
  loglikelihood: LoglikelihoodRunSummary.optional(),
  /** Against the baseline model, on the cases both answered; null for the baseline itself. */
  comparison: z
    .object({
      baseline: z.string(),
      /** Pass rate: McNemar's exact test; difference in percentage points. */
      passRate: z
        .object({
          difference: z.number(),
          lower: z.number(),
          upper: z.number(),
          pValue: z.number(),
          verdict: z.string(),
          n: z.number().int(),
        })
        .nullable(),
      /** Mean score: paired bootstrap interval, permutation test. */
      meanScore: z
        .object({
          difference: z.number(),
          lower: z.number(),
          upper: z.number(),
          pValue: z.number(),
          verdict: z.string(),
          n: z.number().int(),
        })
        .nullable(),
    })
    .nullable(),
});
export type ModelRunSummary = z.infer<typeof ModelRunSummary>;

/** How many of the compared variants agree with their original, with a Wilson 95% interval. */
const Agreement = z.object({
  agreeing: z.number().int(),
  compared: z.number().int(),
  share: z.number(),
  lower: z.number(),
  upper: z.number(),
});

/** A model's robustness over some variants: each compared with the original it was made from, same repetition. */
export const RobustnessFigures = z.object({
  /** Original cases (× repetitions) that had variants to compare with. */
  cases: z.number().int(),
  /** Variant results compared (harness errors left out). */
  variants: z.number().int(),
  /** Variant results where the harness could not run the case. */
  errors: z.number().int(),
  /** Mean score of those originals and of their variants (each original's variants averaged first), on 0–1. */
  originalMeanScore: z.number().nullable(),
  variantMeanScore: z.number().nullable(),
  /**
   * Original score minus the mean score of its variants, averaged over cases, with a bootstrap 95%
   * interval; positive when the perturbations hurt.
   */
  scoreDrop: Interval.nullable(),
  /** Variants whose extracted answer (choice letter, final number, else normalised output) equals the original's. */
  answerConsistency: Agreement.nullable(),
  /** Variants whose pass or fail (the scorers' verdict) equals the original's. */
  passConsistency: Agreement.nullable(),
});
export type RobustnessFigures = z.infer<typeof RobustnessFigures>;

/** A run's robustness figures per model: overall, and per kind of perturbation. */
export const RobustnessSummary = z.object({
  seed: z.number().int(),
  perturbations: z.array(z.string()),
  variantsPerKind: z.number().int(),
  /** Variant cases in the run (the originals are `cases`). */
  variantCases: z.number().int(),
  models: z.array(
    z.object({
      modelKey: z.string(),
      label: z.string(),
      overall: RobustnessFigures,
      byKind: z.array(RobustnessFigures.extend({ kind: z.string() })),
    }),
  ),
});
export type RobustnessSummary = z.infer<typeof RobustnessSummary>;

export const RunSummary = z.object({
  runId: z.string(),
  name: z.string(),
  status: z.string(),
  mode: z.enum(['latency', 'throughput']),
  repetitions: z.number().int(),
  cases: z.number().int(),
  baseline: z.string().nullable(),
  models: z.array(ModelRunSummary),
  /**
   * Other processes' CPU use during the run; `busy` marks every timing figure as measured on a
   * busy machine. Absent where it was not measured (older runs, not Linux).
   */
  competingLoad: CompetingLoad.optional(),
  /**
   * Present when the run made perturbed variants: score drop and answer consistency against the
   * originals. Every other figure counts the original cases only.
   */
  robustness: RobustnessSummary.optional(),
});
export type RunSummary = z.infer<typeof RunSummary>;
