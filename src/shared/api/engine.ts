import { z } from 'zod';
import { GenerationInput, GenerationParams, GenerationResult, LoadedModelInfo, LoadOptions } from '../engine';
import { NoInput } from './common';

/** A model loaded in a worker, as the UI lists it. */
export const LoadedModelView = z.object({
  loadId: z.string(),
  modelId: z.string(),
  modelName: z.string(),
  options: LoadOptions,
  info: LoadedModelInfo,
});
export type LoadedModelView = z.infer<typeof LoadedModelView>;

/** A streamed piece of a generation started with `engine.generate`; the last one has `done`. */
export const GenerationOutput = z.object({
  generationId: z.string(),
  /** Text added since the previous piece. */
  text: z.string(),
  done: z.boolean(),
  result: GenerationResult.nullable(),
  error: z.object({ code: z.string(), message: z.string(), hint: z.string().optional(), logs: z.array(z.string()) }).nullable(),
});
export type GenerationOutput = z.infer<typeof GenerationOutput>;

/** Models loaded by hand and their generations, for the playground (see `calls` in `../api`). */
export const engineCalls = {
  /** Loads a library model into its own worker process. */
  'engine.load': { input: z.object({ modelId: z.string(), options: LoadOptions.optional() }).strict(), output: LoadedModelView },
  'engine.unload': { input: z.object({ loadId: z.string() }).strict(), output: z.null() },
  'engine.loaded': { input: NoInput, output: z.array(LoadedModelView) },
  /** Starts a generation; its text streams as `engine.output` events. */
  'engine.generate': {
    input: z.object({ loadId: z.string(), input: GenerationInput, params: GenerationParams.optional() }).strict(),
    output: z.object({ generationId: z.string() }),
  },
  'engine.cancel': { input: z.object({ generationId: z.string() }).strict(), output: z.null() },
} as const;

export const engineEvents = {
  'engine.output': GenerationOutput,
  'engine.loadedChanged': z.array(LoadedModelView),
} as const;
