import { WorkerError } from '../../engine/WorkerHandle';
import { PoolBusyError } from './ModelPool';
import type { OpenAiErrorDetails } from './sendOpenAiError';

/** How a worker route answers a failure: the HTTP status, a message for the client, OpenAI-style details. */
export interface FailureAnswer {
  status: number;
  message: string;
  details: OpenAiErrorDetails;
}

/**
 * The answer to a failed request on any worker route: first what the route itself knows about
 * (`specific`, e.g. a prompt too long), then the failures all routes share: every model copy busy
 * (503, retry), a crashed inference worker (500, reloaded for the next request), anything else
 * (500, "The <what> failed: …").
 */
export function describeWorkerFailure(error: unknown, what: string, specific: (error: unknown) => FailureAnswer | null): FailureAnswer {
  if (error instanceof PoolBusyError) {
    return {
      status: 503,
      message: `${error.message} Try again shortly, or start the worker with a larger --parallel.`,
      details: { type: 'server_error', code: 'overloaded', headers: { 'retry-after': '1' } },
    };
  }
  const known = specific(error);
  if (known !== null) return known;
  if (error instanceof WorkerError && error.kind === 'crashed') {
    return {
      status: 500,
      message: `${error.message} The model is loaded again for the next request.`,
      details: { type: 'server_error', code: 'worker_crashed' },
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { status: 500, message: `The ${what} failed: ${message}`, details: { type: 'server_error' } };
}
