import { describe, expect, it } from 'vitest';
import { GenerationParams } from '../../../shared/engine';
import { buildRemoteResult, type ResultContext } from './buildRemoteResult';
import type { AttemptOutcome } from './streamAttempt';

const outcome = (over: Partial<AttemptOutcome> = {}): AttemptOutcome => ({
  startedAt: 1000,
  firstContentAt: 1250,
  lastContentAt: 1750,
  endedAt: 1800,
  streamed: true,
  text: 'abcdef',
  contentChunks: 6,
  finishReason: 'length',
  promptTokens: 50,
  completionTokens: 11,
  model: 'm',
  logprobs: [],
  serverTimings: null,
  evalbench: null,
  cancelled: false,
  ...over,
});
const context: ResultContext = {
  params: GenerationParams.parse({}),
  endpoint: 'http://h/v1',
  attempts: 1,
  queuedMs: 0,
  paramsNotSent: [],
  logprobsAsked: false,
};

describe('buildRemoteResult', () => {
  it('computes the figures as METRICS.md defines them, from the client clock and the server counts', () => {
    const result = buildRemoteResult(outcome(), context);
    expect(result.timings).toEqual({
      timeToFirstTokenMs: 250,
      promptTokens: 50,
      // No server timing: prompt tokens over TTFT stands in, network included, and says so.
      promptTokensPerSecond: 200,
      generatedTokens: 11,
      // Tokens after the first over the time after the first: 10 / 0.5 s.
      generationTokensPerSecond: 20,
      totalMs: 800,
    });
    expect(result.provenance.promptTokensPerSecond).toBe('estimated');
    expect(result.stopReason).toBe('max_tokens');
  });

  it("prefers the server's prompt rate, and falls back to the log-probabilities for the token count", () => {
    const serverTimings = {
      timeToFirstTokenMs: 100,
      promptTokens: 50,
      promptTokensPerSecond: 500,
      generatedTokens: null,
      generationTokensPerSecond: null,
      totalMs: null,
      queuedMs: null,
    };
    const logprobs = Array.from({ length: 9 }, (_, i) => ({ token: String(i), logprob: -1, top: [] }));
    const result = buildRemoteResult(outcome({ completionTokens: null, serverTimings, logprobs }), { ...context, logprobsAsked: true });
    expect(result.timings.promptTokensPerSecond).toBe(500);
    expect(result.provenance.promptTokensPerSecond).toBe('reported-by-server');
    expect(result.timings.generatedTokens).toBe(9);
    expect(result.provenance.generatedTokens).toBe('reported-by-server');
    expect(result.logprobs).toHaveLength(9);
  });

  it('leaves the rate unknown when the whole answer came in one piece, never infinite or zero', () => {
    const result = buildRemoteResult(outcome({ lastContentAt: 1250 }), context);
    expect(result.timings.generationTokensPerSecond).toBeNull();
    expect(result.provenance.generationTokensPerSecond).toBe('unknown');
  });

  it('cannot tell a stop string from the end of the text by `stop` alone, and says so', () => {
    expect(buildRemoteResult(outcome({ finishReason: 'stop' }), context).provenance.stopReason).toBe('reported-by-server');
    const withStops = buildRemoteResult(outcome({ finishReason: 'stop' }), {
      ...context,
      params: GenerationParams.parse({ stop: ['\n'] }),
    });
    expect(withStops.stopReason).toBe('eos');
    expect(withStops.provenance.stopReason).toBe('estimated');
  });
});
