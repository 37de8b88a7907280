import { RemoteEngineError, type RemoteErrorKind } from '../../remote/RemoteEngineError';

/** Thrown when an endpoint answers but cannot give the prompt log-probabilities scoring needs. */
export class LoglikelihoodUnsupportedError extends Error {
  override name = 'LoglikelihoodUnsupportedError';
  constructor(
    /** The endpoint as shown to people. */
    readonly endpoint: string,
    /** Why, ending without a full stop: "… cannot score log-likelihood: <why>". */
    readonly why: string,
    readonly hint: string,
  ) {
    super(`${endpoint} cannot score log-likelihood: ${why}.`);
  }
}

/** What a remote log-likelihood call failed with, as a value: the endpoint cannot do it, or the request failed. */
export interface RemoteLoglikelihoodError {
  code: 'loglikelihood-unsupported' | 'cancelled' | 'invalid-item' | RemoteErrorKind;
  message: string;
  hint: string;
}

/** The error value for what scoring or probing threw; anything unforeseen is thrown again. */
export function loglikelihoodErrorValue(error: unknown): RemoteLoglikelihoodError {
  if (error instanceof LoglikelihoodUnsupportedError)
    return { code: 'loglikelihood-unsupported', message: error.message, hint: error.hint };
  if (error instanceof RemoteEngineError) return { code: error.kind, message: error.message, hint: hintFor(error.kind) };
  if (error instanceof Error && error.name === 'AbortError')
    return { code: 'cancelled', message: 'The scoring was cancelled.', hint: 'Run it again to score the rest.' };
  if (error instanceof RangeError)
    return {
      code: 'invalid-item',
      message: error.message,
      hint: 'Check the item: each choice needs text of its own after the context, and the whole must fit the model.',
    };
  throw error;
}

function hintFor(kind: RemoteErrorKind): string {
  switch (kind) {
    case 'timeout':
      return 'Check that the server is up, or raise timeoutMs for this endpoint.';
    case 'network':
      return 'Check that the server is running and reachable at this address.';
    case 'unauthorized':
    case 'forbidden':
      // The message names where the key came from (variable, stored key or apiKey setting).
      return 'Check the API key where the message says it came from, or give the endpoint one (apiKeyEnv, a stored key or apiKey).';
    case 'not_found':
      return 'Check that the base URL ends in /v1 and names the served model.';
    case 'rate_limited':
      return 'Try again later, or lower the load on the server.';
    case 'server_error':
      return "The server's log should say why.";
    case 'rejected':
    case 'protocol':
    case 'config':
      return 'Check the endpoint settings (baseUrl, model, dialect).';
    default:
      return kind satisfies never;
  }
}
