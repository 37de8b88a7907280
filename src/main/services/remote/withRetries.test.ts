import { describe, expect, it } from 'vitest';
import { fetchFailure } from './fetchFailure';
import { httpFailure, type EndpointContext } from './httpFailure';
import { RemoteEngineError } from './RemoteEngineError';
import { withRetries, type RetryPolicy } from './withRetries';

const CONTEXT: EndpointContext = { url: 'http://gpu-box:8000/v1', model: 'tiny', apiKey: undefined, apiKeyEnv: undefined };

const answer = (status: number, text: string, headers: Record<string, string> = {}): Promise<RemoteEngineError> =>
  httpFailure(new Response(text, { status, headers }), CONTEXT);

const timedOut = (): RemoteEngineError =>
  new RemoteEngineError('timeout', 'http://gpu-box:8000/v1 did not answer within 1 s.', { retryable: true });

const reset = (): RemoteEngineError =>
  fetchFailure(new TypeError('fetch failed', { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) }), CONTEXT.url);

/** A policy whose pauses are recorded instead of waited, with the jitter fixed at its middle. */
function recorded(extra: Partial<RetryPolicy> = {}): { policy: RetryPolicy; pauses: number[] } {
  const pauses: number[] = [];
  const policy: RetryPolicy = {
    retries: 3,
    retryDelayMs: 100,
    maxRetryDelayMs: 1000,
    random: () => 0.5,
    wait: (ms) => {
      pauses.push(ms);
      return Promise.resolve();
    },
    ...extra,
  };
  return { policy, pauses };
}

/** An attempt that fails with each of `failures` in turn, then answers with its attempt number. */
function failing(failures: (() => Promise<RemoteEngineError> | RemoteEngineError)[]): {
  attempt: (n: number) => Promise<string>;
  calls: number[];
} {
  const calls: number[] = [];
  return {
    calls,
    attempt: async (n) => {
      calls.push(n);
      const failure = failures[n - 1];
      if (failure !== undefined) throw await failure();
      return `answered on attempt ${n}`;
    },
  };
}

describe('withRetries', () => {
  it('retries 5xx answers, timeouts and cut connections, pausing twice as long each time (with jitter)', async () => {
    const { policy, pauses } = recorded();
    const { attempt, calls } = failing([() => answer(503, 'loading model'), timedOut, reset]);
    await expect(withRetries(attempt, policy)).resolves.toBe('answered on attempt 4');
    expect(calls).toEqual([1, 2, 3, 4]);
    // Equal jitter at its middle: three quarters of 100, 200 and 400 ms.
    expect(pauses).toEqual([75, 150, 300]);
  });

  it('caps each pause at maxRetryDelayMs, and waits as long as a Retry-After asks', async () => {
    const { policy, pauses } = recorded({ retries: 5, maxRetryDelayMs: 250 });
    const { attempt } = failing([timedOut, timedOut, timedOut, () => answer(429, 'slow down', { 'retry-after': '0.2' })]);
    await withRetries(attempt, policy);
    expect(pauses).toEqual([75, 150, 187.5, 200]);
  });

  it('never retries a 4xx answer (other than 408 and 429): it fails at once, with the server’s words', async () => {
    for (const status of [400, 401, 403, 404, 422]) {
      const { policy, pauses } = recorded();
      const { attempt, calls } = failing([() => answer(status, 'no such thing')]);
      const error = await withRetries(attempt, policy).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RemoteEngineError);
      expect(error).toMatchObject({ attempts: 1, details: { retryable: false, status } });
      expect((error as Error).message).toContain(`(${status}): no such thing`);
      expect((error as Error).message).not.toMatch(/attempts/);
      expect(calls).toEqual([1]);
      expect(pauses).toEqual([]);
    }
  });

  it('gives up after the retries, saying how many attempts were made, with the last failure as the cause', async () => {
    const { policy } = recorded({ retries: 2 });
    const { attempt, calls } = failing([timedOut, () => answer(502, 'bad gateway'), () => answer(503, 'still loading')]);
    const error = await withRetries(attempt, policy).catch((e: unknown) => e);
    expect(calls).toEqual([1, 2, 3]);
    expect(error).toMatchObject({ kind: 'server_error', attempts: 3, details: { retryable: false, status: 503 } });
    expect((error as Error).message).toMatch(/^http:\/\/gpu-box:8000\/v1 is unavailable \(503\): still loading; .* \(3 attempts\)$/);
    expect((error as Error).cause).toBeInstanceOf(RemoteEngineError);
    expect(((error as Error).cause as Error).message).not.toMatch(/attempts/);
  });

  it('fails at once when the server asks to wait longer than allowed, and says so', async () => {
    const { policy, pauses } = recorded({ maxRetryDelayMs: 30_000 });
    const { attempt } = failing([() => answer(429, 'quota used up', { 'retry-after': '3600' })]);
    await expect(withRetries(attempt, policy)).rejects.toThrow(
      /limiting the request rate \(429\): quota used up; .* The server asked to wait 3600 s, longer than the 30 s allowed between retries \(maxRetryDelayMs\)\.$/,
    );
    expect(pauses).toEqual([]);
  });

  it('does not retry when the caller says a retry would do harm, and gives its reason', async () => {
    const { policy } = recorded({ notRetried: () => 'Not retried: part of the answer had already been streamed.' });
    const { attempt, calls } = failing([timedOut]);
    await expect(withRetries(attempt, policy)).rejects.toThrow(/did not answer within 1 s\. Not retried: part of the answer/);
    expect(calls).toEqual([1]);
  });

  it('throws anything that is not a request failure as it is, without retrying', async () => {
    const { policy } = recorded();
    const abort = Object.assign(new Error('This operation was aborted'), { name: 'AbortError' });
    let calls = 0;
    const error = await withRetries(() => {
      calls += 1;
      return Promise.reject(abort);
    }, policy).catch((e: unknown) => e);
    expect(error).toBe(abort);
    expect(calls).toBe(1);
  });

  it('stops waiting between attempts when the signal fires', async () => {
    const controller = new AbortController();
    const policy: RetryPolicy = { retries: 3, retryDelayMs: 60_000, maxRetryDelayMs: 60_000, signal: controller.signal };
    const pending = withRetries(() => Promise.reject(timedOut()), policy);
    controller.abort(Object.assign(new Error('cancelled'), { name: 'AbortError' }));
    await expect(pending).rejects.toThrow('cancelled');
  });
});
