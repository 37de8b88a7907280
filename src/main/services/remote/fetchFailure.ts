import { redactSecret } from './redactSecret';
import { RemoteEngineError } from './RemoteEngineError';

const resets = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

/**
 * Turns what `fetch` threw (a TypeError whose `cause` carries the system error) into the error
 * to throw or retry. A reset or dropped connection may pass; nothing listening, or a host that
 * does not resolve, will not, and fails at once with the likely fix.
 */
export function fetchFailure(error: unknown, url: string, apiKey?: string): RemoteEngineError {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = typeof cause === 'object' && cause !== null && 'code' in cause && typeof cause.code === 'string' ? cause.code : '';
  const said = redactSecret(cause instanceof Error ? cause.message : String(cause), apiKey);
  if (code === 'ECONNREFUSED') {
    return new RemoteEngineError(
      'network',
      `Nothing is listening at ${url} (connection refused); start the server, or check the host and port in the base URL.`,
      { cause: error },
    );
  }
  if (code === 'ENOTFOUND') {
    return new RemoteEngineError('network', `The host of ${url} does not resolve (${code}); check the address in the base URL.`, {
      cause: error,
    });
  }
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new RemoteEngineError(
      'timeout',
      `Connecting to ${url} timed out (${code}); check that the server is reachable from this machine.`,
      { cause: error, retryable: true, unreachable: true },
    );
  }
  if (resets.has(code)) {
    return new RemoteEngineError(
      'network',
      `The connection to ${url} was cut (${code}); the server may have restarted or a proxy dropped it.`,
      { cause: error, retryable: true },
    );
  }
  return new RemoteEngineError('network', `The request to ${url} failed: ${said}${code === '' ? '' : ` (${code})`}.`, {
    cause: error,
    retryable: true,
  });
}
