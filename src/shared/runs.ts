import { z } from 'zod';
import { LoglikelihoodResult, RunChoices } from './loglikelihood';
import { FigureProvenance, RemoteModelSpec } from './remoteModel';
import { PerturbationKind, RobustnessOptions } from './robustness/RobustnessOptions';
import { GenerationParamsOverride } from './testset/GenerationParamsOverride';
import { ScorerSpec } from './testset/ScorerSpec';
import { GenerationInput, GenerationParams, GenerationResult, LoadedModelInfo, LoadOptions, StopReason } from './engine';

/** Latency mode runs one case at a time per model for clean timings; throughput mode batches cases. */
export const RunMode = z.enum(['latency', 'throughput']);
export type RunMode = z.infer<typeof RunMode>;

/**
 * In which order a latency run takes its models. `model-by-model`: each model's cases in turn, one
 * model in memory at a time. `interleaved`: every local model stays loaded and each case rotates
 * across them in ABBA order (A B, then B A, …), so slow drift (heat, background jobs) spreads over
 * every model instead of landing on one. Throughput runs always go model by model.
 */
export const RunOrder = z.enum(['model-by-model', 'interleaved']);
export type RunOrder = z.infer<typeof RunOrder>;

/** One model in a run: a library model and how to load it, or a model served by remote endpoints. */
export const RunModel = z.object({
  /** The library model; for a remote model `remote:<label>` (see `remoteModelId`). */
  modelId: z.string(),
  /** Shown in results; the library name by default. */
  label: z.string().optional(),
  /** Load options of a library model; a remote model's server decides its own. */
  load: LoadOptions.default(LoadOptions.parse({})),
  /** Set for a model served over OpenAI-compatible APIs: its cases are shared among these endpoints. */
  remote: RemoteModelSpec.optional(),
});
export type RunModel = z.infer<typeof RunModel>;

/** A case ready to run: what the model gets, plus what scoring needs. */
export const RunCase = z.object({
  id: z.string(),
  input: GenerationInput,
  /**
   * Per-case overrides of the run's generation parameters: only what the case or its test set
   * set (`GenerationParams.partial()` would fill in every default and override the run's own).
   */
  params: GenerationParamsOverride.optional(),
  tags: z.array(z.string()).default([]),
  /** Acceptable answers. */
  expected: z.array(z.string()).default([]),
  /** How the output is scored (the case's scorers, else its test set's). */
  scorers: z.array(ScorerSpec).default([]),
  /** The case's template variables, for scorers that read them. */
  vars: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
  /** For a perturbed variant (robustness), the id of the case it was made from. */
  variantOf: z.string().optional(),
  /** For a perturbed variant, how it was perturbed. */
  perturbation: PerturbationKind.optional(),
  /** For a `shuffle-options` variant, the original label of the option each label now shows. */
  optionMap: z.record(z.string(), z.string()).optional(),
  /** A log-likelihood multiple-choice case: nothing is generated, each choice is scored after `input` (completion text). */
  loglikelihood: RunChoices.optional(),
});
export type RunCase = z.infer<typeof RunCase>;

/** Everything that defines a run, enough to run it again. */
export const RunSpec = z.object({
  name: z.string().min(1),
  mode: RunMode.default('latency'),
  models: z.array(RunModel).min(1),
  params: GenerationParams.default(GenerationParams.parse({})),
  /** Each case runs this many times per model, with seeds `seed`, `seed + 1`, … */
  repetitions: z.number().int().min(1).max(100).default(1),
  /**
   * Untimed generations per model before the measured ones, to warm caches: one by default, so
   * the first model does not carry the machine's cold start in its latency figures.
   */
  warmup: z.number().int().min(0).max(100).default(1),
  /** Latency mode: models one after another, or interleaved case by case in ABBA order (see `RunOrder`). */
  order: RunOrder.default('model-by-model'),
  /** Throughput mode: cases generated at once per model, each on its own context sequence. */
  parallel: z.number().int().min(1).max(64).default(4),
  /**
   * Reuse a stored output when the same model file (by content hash), load options, input,
   * parameters and seed were run before, instead of generating again. Cached results keep
   * their quality scores but are left out of latency figures, which they did not measure.
   */
  useCache: z.boolean().default(false),
  /** Perturbed variants of every case (typos, casing, …), run beside the originals; off unless set. */
  robustness: RobustnessOptions.optional(),
});
export type RunSpec = z.infer<typeof RunSpec>;
export type RunSpecInput = z.input<typeof RunSpec>;

/** What starting a run takes: a test set file, library models, and the run's settings. */
export const NewRun = RunSpec.omit({ name: true }).extend({
  name: z.string().min(1).optional(),
  /** The test set file; it is validated and its cases rendered when the run is created. */
  testSetPath: z.string().min(1),
});
export type NewRun = z.input<typeof NewRun>;

/** Harness failures, told apart from a model that answered wrongly. */
export const CaseError = z.object({
  /**
   * `not-run`: the case never reached its model, because the model could not be loaded; a
   * resumed run runs it. The others ran and failed: the worker crashed, refused the request,
   * was cancelled, or the harness broke.
   */
  kind: z.enum(['crashed', 'failed', 'cancelled', 'internal', 'not-run']),
  message: z.string(),
  logs: z.array(z.string()),
});
export type CaseError = z.infer<typeof CaseError>;

/** One model's answer to one case (one repetition), as stored the moment it finished. */
export const CaseResult = z.object({
  runId: z.string(),
  modelKey: z.string(),
  caseId: z.string(),
  repetition: z.number().int().nonnegative(),
  seed: z.number().int().nonnegative(),
  output: z.string().nullable(),
  stopReason: StopReason.nullable(),
  timings: GenerationResult.shape.timings.nullable(),
  memory: GenerationResult.shape.memory.nullable(),
  error: CaseError.nullable(),
  finishedAt: z.string(),
  /** The run whose output this result reuses (result cache); null when generated here. */
  cachedFrom: z.string().nullable().default(null),
  /** The remote endpoint that answered (base URL, no credentials); null for a local model. */
  endpoint: z.string().nullable().default(null),
  /**
   * Where each figure came from (client clock, the server's `usage`, estimated, unknown); null for
   * a local model, whose figures are all measured by its own inference worker.
   */
  provenance: FigureProvenance.nullable().default(null),
  /**
   * The generation parameters this result ran with: the run's, under the test set's and the
   * case's own (see `effectiveParams`), the seed moved by the repetition; null for results stored
   * before they were kept.
   */
  params: GenerationParams.nullable().default(null),
  /** A log-likelihood case's per-choice log-likelihoods and figures; null for a generated answer. */
  loglikelihood: LoglikelihoodResult.nullable().default(null),
});
export type CaseResult = z.infer<typeof CaseResult>;
export type CaseResultInput = z.input<typeof CaseResult>;

/** Live state of a run, pushed as it moves. */
export const RunProgress = z.object({
  runId: z.string(),
  status: z.enum(['queued', 'running', 'paused', 'completed', 'cancelled', 'failed']),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  /** Results that are harness errors rather than answers. */
  errors: z.number().int().nonnegative(),
  currentModel: z.string().nullable(),
  currentCase: z.string().nullable(),
  /** Generation tokens/s of the last finished case. */
  tokensPerSecond: z.number().nonnegative().nullable(),
  etaSeconds: z.number().nonnegative().nullable(),
});
export type RunProgress = z.infer<typeof RunProgress>;

/**
 * A piece of the output a running run's current case is generating, as the engine streams it
 * (batched about every 16 ms): the live view appends the pieces of one case.
 */
export const RunOutput = z.object({
  runId: z.string(),
  modelKey: z.string(),
  /** The model's label, as `RunProgress.currentModel` names it. */
  model: z.string(),
  caseId: z.string(),
  repetition: z.number().int().nonnegative(),
  /** The case's first piece: a new case begins here. */
  first: z.boolean(),
  text: z.string(),
  /** Time to first token: from the case's start to its first text, as the host saw it. */
  ttftMs: z.number().nonnegative(),
});
export type RunOutput = z.infer<typeof RunOutput>;

/**
 * CPU used by processes other than Evalbench and its workers while a run ran, in cores: other
 * load slows llama.cpp's threads (they spin while waiting), so such timings measure the machine.
 */
export const CompetingLoad = z.object({
  /** Logical cores of the machine. */
  cores: z.number().int().positive(),
  /** Other processes' CPU over a short window before the first model loaded; null when not measured. */
  atStart: z.number().nonnegative().nullable(),
  /** Their mean and highest CPU over the run's samples; null before any sample. */
  mean: z.number().nonnegative().nullable(),
  peak: z.number().nonnegative().nullable(),
  /** Samples taken during the run. */
  samples: z.number().int().nonnegative(),
  /** Other load reached `BUSY_CORES` at the start or on average: the timing figures were measured on a busy machine. */
  busy: z.boolean(),
});
export type CompetingLoad = z.infer<typeof CompetingLoad>;

/** Other processes using this many cores (at the start, or on average during the run) make the machine busy. */
export const BUSY_CORES = 0.5;

/** The machine and software a run ran on: enough to say what produced its numbers. */
export const RunEnvironment = z.object({
  cpu: z.object({ model: z.string(), physicalCores: z.number().int(), logicalCores: z.number().int() }),
  ramBytes: z.number().int().nonnegative(),
  gpus: z.array(z.object({ name: z.string(), vramTotalBytes: z.number().int().nonnegative(), driverVersion: z.string().nullable() })),
  os: z.object({ platform: z.string(), distro: z.string(), release: z.string(), kernel: z.string(), arch: z.string() }),
  versions: z.object({ evalbench: z.string(), node: z.string(), electron: z.string().nullable(), nodeLlamaCpp: z.string() }),
  /** Per model key: what loading gave (backend, offloaded layers, threads, llama.cpp release). */
  models: z.record(z.string(), LoadedModelInfo),
  /** Per model key, the remote endpoints given up during the run (unreachable, key refused, died), with the reason. */
  endpointsDown: z.record(z.string(), z.record(z.string(), z.string())).optional(),
  /** Other processes' CPU use during the run (Linux); absent where it was not measured. */
  competingLoad: CompetingLoad.optional(),
});
export type RunEnvironment = z.infer<typeof RunEnvironment>;

/** One scorer's verdict on one case result. */
export const CaseScore = z.object({
  /** The scorer's label, else its type. */
  label: z.string(),
  type: z.string(),
  weight: z.number().nonnegative(),
  /** On 0–1 whatever the metric's own scale (BLEU and chrF are divided by 100), so scores combine. */
  score: z.number().nullable(),
  /** On the metric's own scale (BLEU/chrF 0–100, ROUGE 0–1), as reports print it. */
  rawScore: z.number().nullable(),
  passed: z.boolean().nullable(),
  explanation: z.string(),
  details: z.record(z.string(), z.unknown()).nullable(),
  /** The scorer could not run (a bad pattern, a scorer not available here): not a failure of the model. */
  error: z.string().nullable(),
});
export type CaseScore = z.infer<typeof CaseScore>;

/** A case result with every scorer's verdict on it, as Compare, Review and reports read them. */
export const ScoredCaseResult = CaseResult.extend({ scores: z.array(CaseScore) });
export type ScoredCaseResult = z.infer<typeof ScoredCaseResult>;
