import { z } from 'zod';
import { GenerationParams, GenerationTimings, StopReason, WorkerMemory } from '../../../shared/engine';

/**
 * The `evalbench` field an `evalbench worker` adds to its last streamed chunk and to every
 * non-streamed answer: what its own worker process measured, in the same terms as a local run,
 * so a client can report the server's figures beside its own (which include the network).
 */
export const EvalbenchExtension = z.object({
  /** The engine's exact reason, finer than OpenAI's `stop` / `length`. */
  stopReason: StopReason,
  /** Measured inside the inference worker, as for a local model. */
  timings: GenerationTimings,
  /** The inference worker's memory after the generation. */
  memory: WorkerMemory,
  /** Time the request waited for a free model slot on the server. */
  queuedMs: z.number().nonnegative(),
  /** The parameters the worker actually used, defaults filled in. */
  params: GenerationParams,
});
export type EvalbenchExtension = z.infer<typeof EvalbenchExtension>;
