import { describe, expect, it } from 'vitest';
import { RemoteModelSpec } from '../../../shared/remoteModel';
import { CaseResult } from '../../../shared/runs';
import { endpointsDown, summarizeEndpoints } from './summarizeEndpoints';

const remote = RemoteModelSpec.parse({
  endpoints: [
    { baseUrl: 'http://a:8000/v1/', model: 'm' },
    { baseUrl: 'http://b:8000/v1', model: 'm' },
    { baseUrl: 'http://c:8000/v1', model: 'm' },
  ],
});

function result(endpoint: string, finishedAtMs: number, totalMs: number, tokens: number, error = false): CaseResult {
  return CaseResult.parse({
    runId: 'r',
    modelKey: 'm0:remote:x',
    caseId: `c${finishedAtMs}`,
    repetition: 0,
    seed: 0,
    output: error ? null : 'x',
    stopReason: error ? null : 'eos',
    timings: error
      ? null
      : {
          timeToFirstTokenMs: 5,
          promptTokens: 3,
          promptTokensPerSecond: null,
          generatedTokens: tokens,
          generationTokensPerSecond: tokens,
          totalMs,
        },
    memory: null,
    error: error ? { kind: 'failed', message: 'refused', logs: [] } : null,
    finishedAt: new Date(finishedAtMs).toISOString(),
    endpoint,
  });
}

describe('summarizeEndpoints', () => {
  it('gives each endpoint its results, errors and tokens per second over its own wall clock, overlapping requests adding up', () => {
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    const results = [
      // Endpoint a: two requests at once, 0–1 s and 0.5–1.5 s: 300 tokens in 1.5 s.
      result('http://a:8000/v1', t0 + 1000, 1000, 100),
      result('http://a:8000/v1', t0 + 1500, 1000, 200),
      result('http://a:8000/v1', t0 + 1600, 0, 0, true),
      // Endpoint b: one request of 2 s, 50 tokens.
      result('http://b:8000/v1', t0 + 2000, 2000, 50),
    ];
    const down = new Map([['http://c:8000/v1', 'Nothing is listening']]);
    const summary = summarizeEndpoints(remote, results, down);
    expect(summary.map((e) => [e.endpoint, e.results, e.errors, e.generatedTokens, e.wallSeconds, e.tokensPerSecond, e.down])).toEqual([
      ['http://a:8000/v1', 3, 1, 300, 1.5, 200, null],
      ['http://b:8000/v1', 1, 0, 50, 2, 25, null],
      ['http://c:8000/v1', 0, 0, 0, null, null, 'Nothing is listening'],
    ]);
    expect(summary[0]?.generationTokensPerSecond?.median).toBe(150);
  });

  it('reads the endpoints given up from the run environment, ignoring anything malformed', () => {
    expect(endpointsDown({ endpointsDown: { m0: { 'http://a/v1': 'gone', bad: 3 } } }, 'm0')).toEqual(new Map([['http://a/v1', 'gone']]));
    expect(endpointsDown(null, 'm0').size).toBe(0);
    expect(endpointsDown({ endpointsDown: 'x' }, 'm0').size).toBe(0);
  });
});
