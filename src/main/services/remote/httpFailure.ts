import { RemoteEngineError } from './RemoteEngineError';
import { redactSecret } from './redactSecret';
import { apiKeySource } from './resolveApiKey';
import { optionalFields } from '../../../shared/optionalFields';

/** What an error message needs to know about the endpoint. */
export interface EndpointContext {
  /** The base URL as shown to people: no credentials, no query string. */
  url: string;
  model: string;
  /** The API key, only to remove it from the server's words; never shown. */
  apiKey: string | undefined;
  /** The environment variable the key came from, to name it in the fix. */
  apiKeyEnv: string | undefined;
  /** The stored key (app keychain) it came from, when not from the environment. */
  apiKeyName?: string | undefined;
}

const BODY_LIMIT = 8192;

/**
 * Turns an unsuccessful answer into the error to throw, with the server's own message and the
 * likely fix. 408, 429, 502, 503 and 504 come back `retryable`, with the Retry-After the server
 * asked for; every other status is final.
 */
export async function httpFailure(response: Response, context: EndpointContext): Promise<RemoteEngineError> {
  const { status } = response;
  const said = redactSecret(await serverMessage(response), context.apiKey);
  const what = said === '' ? `(${status})` : `(${status}): ${said}`;
  const details = { status, serverMessage: said };
  const { url, model } = context;
  if (status === 408 || status === 429 || status === 502 || status === 503 || status === 504) {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    const message =
      status === 429
        ? `${url} is limiting the request rate ${what}; lower maxConcurrency for this endpoint, or try again later.`
        : status === 408
          ? `${url} timed out waiting for the request ${what}; check the network between here and the server.`
          : `${url} is unavailable ${what}; check that the server is running and has loaded ${model}.`;
    return new RemoteEngineError(status === 429 ? 'rate_limited' : 'server_error', message, {
      ...details,
      retryable: true,
      ...optionalFields({ retryAfterMs }),
    });
  }
  if (status === 401) {
    if (context.apiKey === undefined) {
      return new RemoteEngineError(
        'unauthorized',
        `${url} needs an API key ${what}; set apiKeyEnv to the name of an environment variable that holds it (or apiKey).`,
        details,
      );
    }
    return new RemoteEngineError(
      'unauthorized',
      `The server refused the API key for ${url} ${what}; check the key in ${apiKeySource(context)}.`,
      details,
    );
  }
  if (status === 403) {
    return new RemoteEngineError('forbidden', `${url} refused access ${what}; the API key may not be allowed to use ${model}.`, details);
  }
  if (status === 404) {
    return new RemoteEngineError(
      'not_found',
      `${url} has no such model or endpoint ${what}; check that the base URL ends in /v1 and that the server knows the model "${model}" (GET ${url}/models lists them).`,
      details,
    );
  }
  if (status >= 500) {
    return new RemoteEngineError('server_error', `${url} failed while answering ${what}; the server's log should say why.`, details);
  }
  return new RemoteEngineError(
    'rejected',
    `${url} refused the request ${what}; check the generation parameters and that the prompt fits the server's context.`,
    details,
  );
}

/** Retry-After in milliseconds: seconds, or an HTTP date. */
function parseRetryAfter(header: string | null): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** The server's explanation, from whichever error shape it uses (OpenAI, vLLM, TGI, FastAPI), else its text. */
async function serverMessage(response: Response): Promise<string> {
  let text: string;
  try {
    text = (await response.text()).slice(0, BODY_LIMIT);
  } catch {
    return '';
  }
  try {
    const json = JSON.parse(text) as unknown;
    const found = messageIn(json);
    if (found !== null) return oneLine(found);
  } catch {
    // Not JSON: the text itself is the message.
  }
  return oneLine(text.replace(/<[^>]*>/g, ' '));
}

function messageIn(json: unknown): string | null {
  if (typeof json === 'string') return json;
  if (typeof json !== 'object' || json === null) return null;
  const record = json as Record<string, unknown>;
  for (const key of ['error', 'message', 'detail']) {
    const value = record[key];
    if (typeof value === 'string') return value;
    if (Array.isArray(value)) return value.map((v: unknown) => messageIn(v) ?? fastApiMessage(v)).join('; ');
    if (typeof value === 'object' && value !== null) {
      const inner = messageIn(value);
      if (inner !== null) return inner;
    }
  }
  return null;
}

/** FastAPI's validation errors: `{ detail: [{ loc, msg, type }] }`. */
function fastApiMessage(item: unknown): string {
  if (typeof item !== 'object' || item === null || !('msg' in item)) return '';
  return typeof item.msg === 'string' ? item.msg : '';
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
