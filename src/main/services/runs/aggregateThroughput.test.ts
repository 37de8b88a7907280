import { describe, expect, it } from 'vitest';
import { CaseResult } from '../../../shared/runs';
import { aggregateThroughput } from './aggregateThroughput';

function result(finishedAtMs: number, totalMs: number, tokens: number, error = false): CaseResult {
  return CaseResult.parse({
    runId: 'r',
    modelKey: 'm0:x',
    caseId: `c${finishedAtMs}`,
    repetition: 0,
    seed: 0,
    output: error ? null : 'x',
    stopReason: error ? null : 'max_tokens',
    timings: error
      ? null
      : {
          timeToFirstTokenMs: 5,
          promptTokens: 3,
          promptTokensPerSecond: null,
          generatedTokens: tokens,
          generationTokensPerSecond: 10,
          totalMs,
        },
    memory: null,
    error: error ? { kind: 'failed', message: 'boom', logs: [] } : null,
    finishedAt: new Date(finishedAtMs).toISOString(),
  });
}

describe('aggregateThroughput', () => {
  it('divides all generated tokens by the wall time from the first start to the last finish, so cases at once add up', () => {
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    // Four cases at once for 1 s, then two more 1–2 s: 600 tokens in 2 s, while each case ran at 100 tok/s.
    const results = [1000, 1000, 1000, 1000, 2000, 2000].map((end) => result(t0 + end, 1000, 100));
    expect(aggregateThroughput([...results, result(t0 + 5000, 0, 0, true)])).toEqual({
      generatedTokens: 600,
      wallSeconds: 2,
      tokensPerSecond: 300,
    });
  });

  it('is null with no answers, and has no rate with no elapsed time', () => {
    expect(aggregateThroughput([result(1000, 0, 0, true)])).toBeNull();
    expect(aggregateThroughput([result(1000, 0, 3)])).toEqual({ generatedTokens: 3, wallSeconds: 0, tokensPerSecond: null });
  });
});
