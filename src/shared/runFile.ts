import { z } from 'zod';
import { GenerationParams, LoadOptions } from './engine';
import { RunMode } from './runs';

/** One model of a run file: a GGUF file on this machine and how to load it. */
export const RunFileModel = z
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
    warmup: z.number().int().min(0).max(100).optional(),
    /** Cases at once per model in throughput mode. */
    parallel: z.number().int().min(1).max(64).optional(),
    /** Reuse stored outputs of identical earlier cases (same model content, options, prompt, seed). */
    useCache: z.boolean().optional(),
    /** The label of the model the others are compared with; the first model by default. */
    baseline: z.string().min(1).optional(),
  })
  .strict();
export type RunFile = z.infer<typeof RunFile>;
