import type { GenerationParams, StopReason } from '../../../shared/engine';
import type { AttemptOutcome } from './streamAttempt';
import type { FigureProvenance, FigureSource, RemoteGenerationResult, ServerTimings } from './RemoteGenerationResult';

/** Shortest first-to-last chunk gap a generation speed is measured over on the client. */
export const MIN_STREAM_WINDOW_MS = 20;

/** What the result needs besides the attempt that succeeded. */
export interface ResultContext {
  params: GenerationParams;
  endpoint: string;
  attempts: number;
  queuedMs: number;
  paramsNotSent: string[];
  /** Whether log-probabilities were asked for. */
  logprobsAsked: boolean;
}

/**
 * Turns what the client saw into figures defined as METRICS.md defines them, each with its
 * source. The client's clock gives TTFT (request sent → first non-empty content delta), the
 * time after the first token and the total; the server's `usage` gives the token counts. Where
 * a count is missing it falls back to weaker evidence and says so; where nothing is known the
 * figure is null and `unknown`.
 */
export function buildRemoteResult(outcome: AttemptOutcome, context: ResultContext): RemoteGenerationResult {
  const provenance: FigureProvenance = {
    timeToFirstTokenMs: 'unknown',
    promptTokens: 'unknown',
    promptTokensPerSecond: 'unknown',
    generatedTokens: 'unknown',
    generationTokensPerSecond: 'unknown',
    totalMs: 'measured-locally',
    peakRssBytes: 'unknown',
    rssBytes: 'unknown',
    vramUsedBytes: 'unknown',
    stopReason: 'unknown',
  };
  const server = serverTimings(outcome);
  const { firstContentAt, lastContentAt } = outcome;

  const ttft = outcome.streamed && firstContentAt !== null ? firstContentAt - outcome.startedAt : null;
  if (ttft !== null) provenance.timeToFirstTokenMs = 'measured-locally';

  const promptTokens = outcome.promptTokens ?? server?.promptTokens ?? null;
  if (promptTokens !== null) provenance.promptTokens = 'reported-by-server';

  const counted = generatedTokens(outcome, context.logprobsAsked);
  provenance.generatedTokens = counted.source;

  // The server's own figure when it gives one (llama-server's timings, an evalbench worker); else the
  // streaming window seen here, but only when it is long enough to be more than network batching:
  // a short answer's chunks can arrive in one TCP read, and a few tokens over a millisecond would
  // report an absurd speed.
  let generationTokensPerSecond: number | null = server?.generationTokensPerSecond ?? null;
  if (generationTokensPerSecond !== null) {
    provenance.generationTokensPerSecond = 'reported-by-server';
  } else if (
    outcome.streamed &&
    counted.value >= 2 &&
    firstContentAt !== null &&
    lastContentAt !== null &&
    lastContentAt - firstContentAt >= MIN_STREAM_WINDOW_MS
  ) {
    generationTokensPerSecond = (counted.value - 1) / ((lastContentAt - firstContentAt) / 1000);
    provenance.generationTokensPerSecond = counted.source === 'estimated' ? 'estimated' : 'measured-locally';
  }

  // The client cannot see where prompt evaluation ends; only the server can, or TTFT stands in (network included).
  let promptTokensPerSecond: number | null = server?.promptTokensPerSecond ?? null;
  if (promptTokensPerSecond !== null) provenance.promptTokensPerSecond = 'reported-by-server';
  else if (promptTokens !== null && ttft !== null && ttft > 0) {
    promptTokensPerSecond = promptTokens / (ttft / 1000);
    provenance.promptTokensPerSecond = 'estimated';
  }

  const memory = outcome.evalbench?.memory ?? null;
  if (memory !== null) {
    provenance.peakRssBytes = 'reported-by-server';
    provenance.rssBytes = 'reported-by-server';
    // The worker says null on the CPU: no VRAM in use is a reported fact, not an unknown.
    provenance.vramUsedBytes = 'reported-by-server';
  }

  const stop = stopReason(outcome, context.params);
  provenance.stopReason = stop.source;

  return {
    text: outcome.text,
    stopReason: stop.value,
    timings: {
      timeToFirstTokenMs: ttft,
      promptTokens,
      promptTokensPerSecond,
      generatedTokens: counted.value,
      generationTokensPerSecond,
      totalMs: outcome.endedAt - outcome.startedAt,
    },
    memory: {
      peakRssBytes: memory?.peakRssBytes ?? null,
      rssBytes: memory?.rssBytes ?? null,
      vramUsedBytes: memory?.vramUsedBytes ?? null,
    },
    provenance,
    serverTimings: server,
    logprobs: context.logprobsAsked && outcome.logprobs.length > 0 ? outcome.logprobs : null,
    endpoint: context.endpoint,
    servedModel: outcome.model,
    attempts: context.attempts,
    queuedMs: context.queuedMs,
    paramsNotSent: context.paramsNotSent,
  };
}

function serverTimings(outcome: AttemptOutcome): ServerTimings | null {
  const own = outcome.evalbench;
  if (own === null) return outcome.serverTimings;
  return { ...own.timings, queuedMs: own.queuedMs };
}

function generatedTokens(outcome: AttemptOutcome, logprobsAsked: boolean): { value: number; source: FigureSource } {
  const reported = outcome.completionTokens ?? outcome.evalbench?.timings.generatedTokens ?? outcome.serverTimings?.generatedTokens ?? null;
  if (reported !== null) return { value: reported, source: 'reported-by-server' };
  // One log-probability per generated token is as good as a count.
  if (logprobsAsked && outcome.logprobs.length > 0) return { value: outcome.logprobs.length, source: 'reported-by-server' };
  // Servers that stream token by token send one chunk per token; a batching server sends fewer.
  return { value: outcome.contentChunks, source: 'estimated' };
}

function stopReason(outcome: AttemptOutcome, params: GenerationParams): { value: StopReason; source: FigureSource } {
  if (outcome.cancelled) return { value: 'cancelled', source: 'measured-locally' };
  if (outcome.evalbench !== null) return { value: outcome.evalbench.stopReason, source: 'reported-by-server' };
  if (outcome.finishReason === 'length') return { value: 'max_tokens', source: 'reported-by-server' };
  // OpenAI's `stop` covers both the end-of-sequence token and a stop string.
  if (outcome.finishReason === 'stop' && params.stop.length === 0) return { value: 'eos', source: 'reported-by-server' };
  return { value: 'eos', source: 'estimated' };
}
