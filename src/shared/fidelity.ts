import { z } from 'zod';

const MeanWithError = z.object({ value: z.number(), uncertainty: z.number() });

/** `FidelityReport` of `stats/fidelityStats` as the API carries it (figures as llama-perplexity --kl-divergence gives them). */
export const FidelityReportSchema = z.object({
  positions: z.number().int(),
  basePerplexity: MeanWithError,
  candidatePerplexity: MeanWithError,
  logPerplexityRatio: MeanWithError,
  nllCorrelation: z.number(),
  meanKld: MeanWithError,
  /** max, p99.9, p99, p95, p90, median, p10, p5, p1, p0.1, min. */
  kldPercentiles: z.record(z.string(), z.number()),
  meanDeltaP: MeanWithError,
  rmsDeltaP: MeanWithError,
  deltaPPercentiles: z.record(z.string(), z.number()),
  sameTop: MeanWithError,
});

/** What the models read for a fidelity measurement: the run's test set's expected answers joined, or a text file. */
export const FidelityText = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('expected') }).strict(),
  z.object({ kind: z.literal('file'), path: z.string().min(1) }).strict(),
]);
export type FidelityText = z.infer<typeof FidelityText>;

/** Measure every other model of a run against one of its models (usually the least quantised). */
export const MeasureFidelityInput = z
  .object({
    runId: z.string(),
    /** Model key (`m0:…`) of the reference model within the run. */
    reference: z.string().min(1),
    text: FidelityText,
    /** Tokens per chunk (llama-perplexity's n_ctx); by default 512, or less where the model's trained context or the text is shorter. Even, at least 16. */
    contextSize: z.number().int().min(16).max(32768).optional(),
    /** Use at most this many chunks (all the text gives by default). */
    chunks: z.number().int().min(1).optional(),
  })
  .strict();
export type MeasureFidelityInput = z.infer<typeof MeasureFidelityInput>;

/** One model's fidelity against the run's reference model, as stored with the run. */
export const ModelFidelity = z.object({
  modelKey: z.string(),
  label: z.string(),
  /** Model key and label of the reference it was measured against. */
  referenceKey: z.string(),
  referenceLabel: z.string(),
  text: FidelityText,
  contextSize: z.number().int(),
  chunks: z.number().int(),
  tokens: z.number().int(),
  /** How the numbers were computed where they may differ from llama.cpp's (precision of the stored base log-probabilities). */
  precision: z.string(),
  measuredAt: z.string(),
  report: FidelityReportSchema,
});
export type ModelFidelity = z.infer<typeof ModelFidelity>;

/** A run's stored fidelity figures, and whether a measurement is under way. */
export const RunFidelity = z.object({
  runId: z.string(),
  /** A measurement is running on this host now. */
  running: z.boolean(),
  models: z.array(ModelFidelity),
});
export type RunFidelity = z.infer<typeof RunFidelity>;

/** Progress of a fidelity measurement (`done` with `error` null on success). */
export const FidelityProgress = z.object({
  runId: z.string(),
  message: z.string(),
  done: z.boolean(),
  error: z.object({ code: z.string(), message: z.string(), hint: z.string().optional() }).nullable(),
});
export type FidelityProgress = z.infer<typeof FidelityProgress>;
