import { z } from 'zod';
import { GenerationParams, LoadOptions } from './engine';
import { RemoteModelSpec } from './remoteModel';
import { RobustnessOptions } from './robustness/RobustnessOptions';
import { RunMode, RunOrder } from './runs';

/** A model of a run file that is a GGUF file on this machine, and how to load it. */
export const LocalRunFileModel = z
  .object({
    /**
     * The .gguf file (for a split model, its first part), relative to the run file; or
     * `fixture:tiny-llama-q4_0` (and the other fixture names) for Evalbench's own test models,
     * generated on first use.
     */
    path: z.string().min(1),
    /** Name in results and reports; the file name by default. */
    label: z.string().min(1).optional(),
    /** Load options (backend, gpuLayers, contextSize, threads, …); the defaults otherwise. */
    load: LoadOptions.partial().strict().optional(),
  })
  .strict();

/**
 * A model of a run file served over OpenAI-compatible APIs (llama-server, vLLM, Ollama, LM
 * Studio, TGI, `evalbench worker`). List several endpoints serving the same model to spread its
 * cases over them. API keys never go in the file: name the environment variable holding one.
 */
export const RemoteRunFileModel = z
  .object({
    /** Name in results and reports (required: a remote model has no file name). */
    label: z.string().min(1),
    api: RemoteModelSpec.shape.api,
    endpoints: RemoteModelSpec.shape.endpoints,
  })
  .strict();

/** One model of a run file: a local GGUF file (`path`) or remote endpoints (`endpoints`). */
export const RunFileModel = z.union([LocalRunFileModel, RemoteRunFileModel]);
export type RunFileModel = z.infer<typeof RunFileModel>;

/** A run described in a file, for `evalbench run` in scripts and CI. */
export const RunFile = z
  .object({
    /** Name of the run in the history; the run file's name by default. */
    name: z.string().min(1).optional(),
    /** The test set file (.yaml, .jsonl or .csv), relative to the run file. */
    testSet: z.string().min(1),
    models: z.array(RunFileModel).min(1),
    /** Generation parameters for every case (a test set's own defaults and cases may override them). */
    params: GenerationParams.partial().strict().optional(),
    mode: RunMode.optional(),
    repetitions: z.number().int().min(1).max(100).optional(),
    /** Untimed generations per model before the timed ones; 1 by default. */
    warmup: z.number().int().min(0).max(100).optional(),
    /** Latency mode: `model-by-model` (default), or `interleaved`: every model loaded at once, each case rotating across them in ABBA order so drift does not land on one model. */
    order: RunOrder.optional(),
    /** Cases at once per model in throughput mode. */
    parallel: z.number().int().min(1).max(64).optional(),
    /** Reuse stored outputs of identical earlier cases (same model content, options, prompt, seed). */
    useCache: z.boolean().optional(),
    /** Perturbed variants of every case (`typos`, `casing`, `whitespace`, `shuffle-options`, `preamble`) from a seed, to measure robustness. */
    robustness: RobustnessOptions.optional(),
    /** The label of the model the others are compared with; the first model by default. */
    baseline: z.string().min(1).optional(),
    /**
     * Quantisation fidelity measured once the run has finished: perplexity, KL divergence, Δp and
     * same-top rate of every other local model against `reference`, stored with the run.
     */
    fidelity: z
      .object({
        /** Label of the reference model (usually the least quantised). */
        reference: z.string().min(1),
        /** `expected`: the test set's expected answers, joined; or `{ file }`: a plain text file, relative to the run file. */
        text: z.union([z.literal('expected'), z.object({ file: z.string().min(1) }).strict()]),
        /** Tokens per chunk (even, at least 16); by default 512, or less where the model's trained context or the text is shorter. */
        contextSize: z.number().int().min(16).optional(),
        /** Use at most this many chunks. */
        chunks: z.number().int().min(1).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type RunFile = z.infer<typeof RunFile>;
