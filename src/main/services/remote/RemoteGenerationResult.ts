import type { GenerationTimings, StopReason } from '../../../shared/engine';
import type { FigureProvenance } from '../../../shared/remoteModel';

// One definition for the client and the stored results: see src/shared/remoteModel.ts.
export type { FigureProvenance, FigureSource } from '../../../shared/remoteModel';

/** Timings as a remote generation can know them: the local shape, with nulls where unknown. */
export interface RemoteTimings extends Omit<GenerationTimings, 'promptTokens'> {
  /** From `usage.prompt_tokens`; null when the server did not say. */
  promptTokens: number | null;
}

/** Memory of the serving process: known only when the server reports it (an `evalbench worker` does). */
export interface RemoteMemory {
  peakRssBytes: number | null;
  rssBytes: number | null;
  vramUsedBytes: number | null;
}

/** What the server said it measured on its side (llama-server's `timings`, an Evalbench worker's own). */
export interface ServerTimings {
  /** The server's time to first token (llama-server: prompt evaluation time), without network or client queueing. */
  timeToFirstTokenMs: number | null;
  promptTokens: number | null;
  promptTokensPerSecond: number | null;
  generatedTokens: number | null;
  generationTokensPerSecond: number | null;
  totalMs: number | null;
  /** Time the request waited on the server for a free model slot. */
  queuedMs: number | null;
}

/** One generated token with its log-probability and, when asked for, the most likely alternatives. */
export interface TokenLogprob {
  token: string;
  /** Null where the server gave none (a completion server may leave the first position empty). */
  logprob: number | null;
  top: { token: string; logprob: number }[];
}

/**
 * A generation on a remote OpenAI-compatible server: the fields of a local `GenerationResult`
 * with nulls for what cannot be known remotely, where every figure came from, and what the
 * client saw of the exchange.
 */
export interface RemoteGenerationResult {
  text: string;
  stopReason: StopReason;
  /** The client's view: TTFT from sending the request to the first non-empty content delta. */
  timings: RemoteTimings;
  memory: RemoteMemory;
  provenance: FigureProvenance;
  /** The server's own view of the same generation, when it offers one; null otherwise. */
  serverTimings: ServerTimings | null;
  /** Per-token log-probabilities, when asked for (`logprobs` in the config) and the server sent them. */
  logprobs: TokenLogprob[] | null;
  /** The endpoint, without credentials or query string. */
  endpoint: string;
  /** The model the server says answered (its `model` field), which may differ from the one asked for. */
  servedModel: string | null;
  /** Requests made, the successful one included (1 when nothing was retried). */
  attempts: number;
  /** Time spent waiting for this client's own concurrency limit before the request went out. */
  queuedMs: number;
  /**
   * Generation parameters that this server dialect does not accept and that would have changed
   * the output, so the server used its own value. A non-empty list means this result is not
   * comparable with a local run of the same parameters.
   */
  paramsNotSent: string[];
}
