import { GenerationParams, type GenerationInput, type GenerationParamsInput } from '../../../shared/engine';
import { endpointName } from '../../../shared/remoteModel';
import { abortableDelay } from './abortableDelay';
import { buildRemoteResult } from './buildRemoteResult';
import { buildRequestBody } from './buildRequestBody';
import { fetchFailure } from './fetchFailure';
import { httpFailure, type EndpointContext } from './httpFailure';
import { invalidSettings } from './invalidSettings';
import { RemoteEngineConfig, type RemoteEngineConfigInput } from './RemoteEngineConfig';
import { RemoteEngineError } from './RemoteEngineError';
import { resolveApiKey } from './resolveApiKey';
import type { RemoteGenerationResult } from './RemoteGenerationResult';
import { Semaphore } from './Semaphore';
import { streamAttempt } from './streamAttempt';
import { finalError, withRetries } from './withRetries';

/** What RemoteEngine takes from its surroundings; tests replace them. */
export interface RemoteEngineDeps {
  fetch?: typeof fetch;
  /** Where `apiKeyEnv` is looked up; default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** For the retry jitter. */
  random?: () => number;
}

/**
 * A model behind an OpenAI-compatible server (llama-server, vLLM, Ollama, LM Studio, TGI, an
 * `evalbench worker`), used like a local one: `generate` streams the answer and returns the
 * same figures as a local generation, with their provenance and nulls where a remote model
 * cannot be measured. One instance per endpoint: its concurrency limit is the endpoint's.
 */
export class RemoteEngine {
  /** The settings, without the API key (kept apart so that logging the config cannot leak it). */
  readonly config: Omit<RemoteEngineConfig, 'apiKey'>;
  /** The base URL as shown to people: no credentials, no query string. */
  readonly endpoint: string;
  private readonly context: EndpointContext;
  private readonly semaphore: Semaphore;
  private readonly fetchImpl: typeof fetch;
  private readonly random: () => number;

  /** Throws a `RemoteEngineError` (`config`) when the settings are invalid or the key cannot be found (`resolveApiKey`). */
  constructor(config: RemoteEngineConfigInput, deps: RemoteEngineDeps = {}) {
    const parsed = RemoteEngineConfig.safeParse(config);
    if (!parsed.success) throw invalidSettings(config.baseUrl, parsed.error);
    const { apiKey, ...rest } = parsed.data;
    this.config = rest;
    this.endpoint = endpointName(this.config.baseUrl);
    const { apiKeyEnv, apiKeyName } = this.config;
    const key = resolveApiKey(this.endpoint, { apiKeyEnv, apiKeyName, apiKey }, deps.env ?? process.env);
    this.context = {
      url: this.endpoint,
      model: this.config.model,
      apiKey: key,
      apiKeyEnv,
      apiKeyName,
    };
    this.semaphore = new Semaphore(this.config.maxConcurrency);
    this.fetchImpl = deps.fetch ?? fetch;
    this.random = deps.random ?? Math.random;
  }

  /** Requests this client has on the wire now (at most `maxConcurrency`). */
  get inFlight(): number {
    return this.semaphore.inUse;
  }

  /** The model names the server offers (`GET /models`): a cheap check of the address and the key. */
  async listModels(options: { signal?: AbortSignal } = {}): Promise<string[]> {
    const signal = AbortSignal.any([AbortSignal.timeout(this.config.timeoutMs), ...(options.signal ? [options.signal] : [])]);
    let response: Response;
    try {
      response = await this.fetchImpl(this.url('/models'), { headers: this.headers(), signal });
    } catch (error) {
      options.signal?.throwIfAborted();
      if (signal.aborted)
        throw new RemoteEngineError(
          'timeout',
          `${this.endpoint} did not answer GET /models within ${this.config.timeoutMs / 1000} s; check that the server is up.`,
        );
      throw fetchFailure(error, this.endpoint, this.context.apiKey);
    }
    if (!response.ok) throw finalError(await httpFailure(response, this.context), 1);
    const body = (await response.json().catch(() => null)) as { data?: { id?: unknown }[] } | null;
    if (!Array.isArray(body?.data)) {
      throw new RemoteEngineError(
        'protocol',
        `${this.endpoint}/models did not answer with an OpenAI model list; check that the base URL points at the API (usually ending in /v1).`,
      );
    }
    return body.data.flatMap((m) => (typeof m.id === 'string' ? [m.id] : []));
  }

  /**
   * Generates one answer, streaming its text to `onText`. Waits its turn under the endpoint's
   * concurrency limit, retries failures that may pass (with backoff, honouring Retry-After) as
   * long as no text has reached `onText` (a retry would repeat it), and otherwise throws a
   * `RemoteEngineError` that names the endpoint and the fix. When `signal` fires mid-answer the
   * result so far comes back with stop reason `cancelled`; before that, an `AbortError` is thrown.
   */
  async generate(
    input: GenerationInput,
    params: GenerationParamsInput = {},
    options: { signal?: AbortSignal; onText?: (text: string) => void } = {},
  ): Promise<RemoteGenerationResult> {
    const parsedParams = GenerationParams.parse(params);
    const request = buildRequestBody(this.config, input, parsedParams);
    const body = JSON.stringify(request.body);
    const queuedFrom = performance.now();
    const release = await this.semaphore.acquire(options.signal).catch((reason: unknown) => {
      throw abortError(reason);
    });
    const queuedMs = performance.now() - queuedFrom;
    // An object, not a `let`: it is set inside a callback, where flow analysis cannot see it.
    const streamed = { any: false };
    const onText = (text: string): void => {
      streamed.any = true;
      options.onText?.(text);
    };
    try {
      return await withRetries(
        async (attempt) => {
          const outcome = await streamAttempt({
            url: this.url(request.path),
            headers: { ...this.headers(), 'content-type': 'application/json', accept: 'text/event-stream' },
            body,
            endpoint: this.context,
            timeoutMs: this.config.timeoutMs,
            idleTimeoutMs: this.config.idleTimeoutMs,
            fetchImpl: this.fetchImpl,
            signal: options.signal,
            onText,
          });
          return buildRemoteResult(outcome, {
            params: parsedParams,
            endpoint: this.endpoint,
            attempts: attempt,
            queuedMs,
            paramsNotSent: request.paramsNotSent,
            logprobsAsked: this.config.logprobs !== undefined,
          });
        },
        {
          retries: this.config.retries,
          retryDelayMs: this.config.retryDelayMs,
          maxRetryDelayMs: this.config.maxRetryDelayMs,
          random: this.random,
          wait: (ms) =>
            abortableDelay(ms, options.signal).catch((reason: unknown) => {
              throw abortError(reason);
            }),
          notRetried: () =>
            streamed.any ? 'Not retried: part of the answer had already been streamed, and a retry would repeat it.' : undefined,
        },
      );
    } finally {
      release();
    }
  }

  private url(path: string): string {
    return `${this.config.baseUrl.replace(/\/+$/, '')}${path}`;
  }

  private headers(): Record<string, string> {
    return this.context.apiKey === undefined ? {} : { authorization: `Bearer ${this.context.apiKey}` };
  }
}

function abortError(reason: unknown): Error {
  if (reason instanceof Error && reason.name === 'AbortError') return reason;
  const error = new Error('The generation was cancelled before it started.', { cause: reason });
  error.name = 'AbortError';
  return error;
}
