import type { EvalbenchExtension } from './EvalbenchExtension';
import { fetchFailure } from './fetchFailure';
import { httpFailure, type EndpointContext } from './httpFailure';
import { parseStreamChunk, type StreamChunk } from './parseStreamChunk';
import { readSse } from './readSse';
import { redactSecret } from './redactSecret';
import { RemoteEngineError } from './RemoteEngineError';
import type { ServerTimings, TokenLogprob } from './RemoteGenerationResult';

/** One request as `streamAttempt` sends it. */
export interface AttemptOptions {
  /** The full URL, e.g. `…/v1/chat/completions`. */
  url: string;
  headers: Record<string, string>;
  body: string;
  endpoint: EndpointContext;
  timeoutMs: number;
  idleTimeoutMs: number;
  fetchImpl: typeof fetch;
  signal: AbortSignal | undefined;
  onText: (text: string) => void;
}

/** What one request saw, with the `performance.now()` times its latency figures come from. */
export interface AttemptOutcome {
  startedAt: number;
  firstContentAt: number | null;
  lastContentAt: number | null;
  endedAt: number;
  /** False when the server ignored `stream: true` and sent one JSON answer: no TTFT can be known. */
  streamed: boolean;
  text: string;
  /** Chunks that carried text: the token count of last resort. */
  contentChunks: number;
  finishReason: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
  model: string | null;
  logprobs: TokenLogprob[];
  serverTimings: ServerTimings | null;
  evalbench: EvalbenchExtension | null;
  /** The caller's signal fired after the answer had started; the text so far is kept. */
  cancelled: boolean;
}

/**
 * Sends one streaming request and reads its answer, guarded by two timers: one until the
 * response starts (`timeoutMs`), one for silence between pieces of it (`idleTimeoutMs`, which
 * covers the prompt evaluation). Throws a `RemoteEngineError` (marked retryable where a retry
 * may pass) or, when the caller's signal fires before the answer starts, an `AbortError`.
 */
export async function streamAttempt(options: AttemptOptions): Promise<AttemptOutcome> {
  const { endpoint } = options;
  const controller = new AbortController();
  // An object, not a `let`: the timer sets it, where flow analysis cannot see it.
  const watchdog: { timedOut: 'start' | 'idle' | null; timer: NodeJS.Timeout | undefined } = { timedOut: null, timer: undefined };
  const arm = (kind: 'start' | 'idle', ms: number): void => {
    clearTimeout(watchdog.timer);
    watchdog.timer = setTimeout(() => {
      watchdog.timedOut = kind;
      controller.abort();
    }, ms);
  };
  const onCallerAbort = (): void => controller.abort();
  options.signal?.addEventListener('abort', onCallerAbort, { once: true });
  const outcome: AttemptOutcome = {
    startedAt: performance.now(),
    firstContentAt: null,
    lastContentAt: null,
    endedAt: 0,
    streamed: true,
    text: '',
    contentChunks: 0,
    finishReason: null,
    promptTokens: null,
    completionTokens: null,
    model: null,
    logprobs: [],
    serverTimings: null,
    evalbench: null,
    cancelled: false,
  };
  let responded = false;
  try {
    if (options.signal?.aborted === true) throw cancelledBeforeStart();
    arm('start', options.timeoutMs);
    const response = await options.fetchImpl(options.url, {
      method: 'POST',
      headers: options.headers,
      body: options.body,
      signal: controller.signal,
    });
    responded = true;
    arm('idle', options.idleTimeoutMs);
    if (!response.ok) throw await httpFailure(response, endpoint);
    if (response.body === null) throw protocolError(endpoint, 'an empty answer');
    if ((response.headers.get('content-type') ?? '').includes('application/json')) {
      outcome.streamed = false;
      absorb(outcome, parse(await response.text(), endpoint), options.onText);
    } else {
      let done = false;
      for await (const data of readSse(response.body, () => arm('idle', options.idleTimeoutMs))) {
        if (data.trim() === '[DONE]') {
          done = true;
          break;
        }
        absorb(outcome, parse(data, endpoint), options.onText);
      }
      if (!done && outcome.finishReason === null) {
        throw new RemoteEngineError(
          'network',
          `${endpoint.url} closed the stream before the answer was complete; the server may have restarted or a proxy cut the connection.`,
          { retryable: true },
        );
      }
    }
  } catch (error) {
    if (options.signal?.aborted === true) {
      if (!responded) throw cancelledBeforeStart();
      outcome.cancelled = true;
    } else if (watchdog.timedOut !== null) {
      throw timeoutError(watchdog.timedOut, outcome, options);
    } else if (error instanceof RemoteEngineError) {
      throw error;
    } else {
      throw fetchFailure(error, endpoint.url, endpoint.apiKey);
    }
  } finally {
    clearTimeout(watchdog.timer);
    options.signal?.removeEventListener('abort', onCallerAbort);
  }
  outcome.endedAt = performance.now();
  return outcome;
}

function absorb(outcome: AttemptOutcome, chunk: StreamChunk, onText: (text: string) => void): void {
  outcome.model = chunk.model ?? outcome.model;
  outcome.finishReason = chunk.finishReason ?? outcome.finishReason;
  outcome.promptTokens = chunk.promptTokens ?? outcome.promptTokens;
  outcome.completionTokens = chunk.completionTokens ?? outcome.completionTokens;
  outcome.serverTimings = chunk.serverTimings ?? outcome.serverTimings;
  outcome.evalbench = chunk.evalbench ?? outcome.evalbench;
  outcome.logprobs.push(...chunk.logprobs);
  if (chunk.text !== '') {
    const now = performance.now();
    outcome.firstContentAt ??= now;
    outcome.lastContentAt = now;
    outcome.text += chunk.text;
    outcome.contentChunks += 1;
    onText(chunk.text);
  }
}

function parse(data: string, endpoint: EndpointContext): StreamChunk {
  let chunk: StreamChunk;
  try {
    chunk = parseStreamChunk(data);
  } catch (error) {
    throw protocolError(endpoint, error instanceof Error ? error.message : String(error));
  }
  if (chunk.error !== null) {
    throw new RemoteEngineError(
      'server_error',
      `${endpoint.url} reported an error while answering: ${redactSecret(chunk.error, endpoint.apiKey)}`,
      {
        serverMessage: redactSecret(chunk.error, endpoint.apiKey),
      },
    );
  }
  return chunk;
}

function protocolError(endpoint: EndpointContext, what: string): RemoteEngineError {
  return new RemoteEngineError(
    'protocol',
    `${endpoint.url} sent ${what}, not an OpenAI-compatible completion; check that the base URL points at the API (usually ending in /v1).`,
  );
}

function timeoutError(kind: 'start' | 'idle', outcome: AttemptOutcome, options: AttemptOptions): RemoteEngineError {
  const { url } = options.endpoint;
  if (kind === 'start') {
    const seconds = options.timeoutMs / 1000;
    return new RemoteEngineError(
      'timeout',
      `${url} did not start answering within ${seconds} s; check that the server is up and not overloaded, or raise timeoutMs.`,
      { retryable: true },
    );
  }
  const seconds = options.idleTimeoutMs / 1000;
  const where = outcome.text === '' ? 'before the first token' : `after ${outcome.text.length} characters of the answer`;
  return new RemoteEngineError(
    'timeout',
    `${url} went silent for ${seconds} s ${where}; check the server, or raise idleTimeoutMs if it is only slow (a long prompt on a slow machine).`,
    {
      retryable: true,
    },
  );
}

function cancelledBeforeStart(): Error {
  const error = new Error('The generation was cancelled before it started.');
  error.name = 'AbortError';
  return error;
}
