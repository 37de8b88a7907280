/** Why a remote generation failed, for callers that react differently (retry later, fix a setting). */
export type RemoteErrorKind =
  /** The endpoint's settings are wrong before any request (missing key variable, bad URL). */
  | 'config'
  /** 401: no key, or a key the server refused. */
  | 'unauthorized'
  /** 403: the key is valid but not allowed this model or call. */
  | 'forbidden'
  /** 404: wrong base URL or unknown model. */
  | 'not_found'
  /** 400/413/422 and similar: the server refused this request as asked. */
  | 'rejected'
  /** 429 that did not pass within the retries. */
  | 'rate_limited'
  /** 5xx from the server. */
  | 'server_error'
  /** No response, or a response that stopped arriving, within the configured time. */
  | 'timeout'
  /** The connection failed or was cut. */
  | 'network'
  /** The server answered, but not in the OpenAI shape (a broken stream, an error event). */
  | 'protocol';

/**
 * A remote request that failed for good: the message names the endpoint, says what happened
 * (with the server's own words where it gave any) and what to change. It never contains the
 * API key, even when the server echoed it.
 */
export class RemoteEngineError extends Error {
  constructor(
    readonly kind: RemoteErrorKind,
    message: string,
    readonly details: {
      /** The HTTP status of the last answer, when there was one. */
      status?: number;
      /** The server's own error message, API key removed. */
      serverMessage?: string;
      /** Requests made before giving up. */
      attempts?: number;
      /** Whether a retry could help (used while retrying; false on the error finally thrown). */
      retryable?: boolean;
      /** How long the server asked to wait (Retry-After), if it did. */
      retryAfterMs?: number;
      /** No connection could be made at all (a connect timeout): the endpoint is down, not slow. */
      unreachable?: boolean;
      cause?: unknown;
    } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'RemoteEngineError';
  }

  get status(): number | undefined {
    return this.details.status;
  }

  get attempts(): number | undefined {
    return this.details.attempts;
  }
}
