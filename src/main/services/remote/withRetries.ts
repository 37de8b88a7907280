import { abortableDelay } from './abortableDelay';
import { backoffDelay, type BackoffSettings } from './backoffDelay';
import { RemoteEngineError } from './RemoteEngineError';

/** How `withRetries` retries a request to a remote endpoint. */
export interface RetryPolicy extends BackoffSettings {
  /** Retries after the first attempt (the endpoint's `retries`). */
  retries: number;
  /** For the backoff's jitter; default `Math.random`. */
  random?: () => number;
  /** Ends a pause between attempts early, rejecting with its reason. */
  signal?: AbortSignal | undefined;
  /** The pause between attempts; default `abortableDelay` with `signal`. */
  wait?: (ms: number) => Promise<void>;
  /** Why a failure that may pass must not be retried anyway (part of an answer already streamed); undefined to retry it. */
  notRetried?: () => string | undefined;
}

/**
 * Runs `attempt` (given its number, 1 for the first) until it succeeds, retrying a
 * `RemoteEngineError` marked `retryable` (429, 408, 502–504, a reset connection, a timeout) up
 * to `retries` times with backoff, honouring the Retry-After a server sent. The error finally
 * thrown says how many attempts were made and, where it stopped early, why; anything that is
 * not a `RemoteEngineError` (an `AbortError`) is thrown as it is.
 */
export async function withRetries<T>(attempt: (n: number) => Promise<T>, policy: RetryPolicy): Promise<T> {
  const wait = policy.wait ?? ((ms: number) => abortableDelay(ms, policy.signal));
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      if (!(error instanceof RemoteEngineError)) throw error;
      if (error.details.retryable !== true || n > policy.retries) throw finalError(error, n);
      const notRetried = policy.notRetried?.();
      if (notRetried !== undefined) throw finalError(error, n, notRetried);
      const delay = backoffDelay(n, policy, error.details.retryAfterMs, policy.random);
      if (delay === null) {
        const asked = Math.ceil((error.details.retryAfterMs ?? 0) / 1000);
        const allowed = policy.maxRetryDelayMs / 1000;
        const why = `The server asked to wait ${asked} s, longer than the ${allowed} s allowed between retries (maxRetryDelayMs).`;
        throw finalError(error, n, why);
      }
      await wait(delay);
    }
  }
}

/** The error as finally thrown: no longer retryable, with the number of attempts in it (when more than one) and why it stopped. */
export function finalError(error: RemoteEngineError, attempts: number, why?: string): RemoteEngineError {
  const tried = attempts > 1 ? ` (${attempts} attempts)` : '';
  const message = `${error.message}${tried}${why === undefined ? '' : ` ${why}`}`;
  return new RemoteEngineError(error.kind, message, { ...error.details, attempts, retryable: false, cause: error.details.cause ?? error });
}
