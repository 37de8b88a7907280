import { endpointName, RemoteEndpointSpec, type RemoteEndpointSpecInput } from '../../../../shared/remoteModel';
import type { BackoffSettings } from '../../remote/backoffDelay';
import { fetchFailure } from '../../remote/fetchFailure';
import { httpFailure, type EndpointContext } from '../../remote/httpFailure';
import { invalidSettings } from '../../remote/invalidSettings';
import { RemoteEngineError } from '../../remote/RemoteEngineError';
import { resolveApiKey } from '../../remote/resolveApiKey';
import { withRetries } from '../../remote/withRetries';

/** What a scoring client takes from its surroundings; tests replace `fetch` and `env`. */
export interface ScoringClientDeps {
  fetch?: typeof fetch;
  /** Where `apiKeyEnv` is looked up; default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** The key itself when the caller looked it up elsewhere (the desktop app's keychain, for `apiKeyName`). */
  apiKey?: string;
  /** For the retry jitter. */
  random?: () => number;
  /** Pauses between retries; default 0.5 s doubling, at most 30 s, as a generation's. */
  backoff?: BackoffSettings;
}

/**
 * One endpoint of a remote model, spoken to in plain JSON (no streaming) for log-likelihood
 * scoring: the same settings, API key rules, timeouts, retries and error messages as a
 * generation's (`RemoteEngine`), so a run file's endpoint works unchanged.
 */
export class ScoringClient {
  readonly spec: RemoteEndpointSpec;
  /** The base URL as results name it: no credentials, query or trailing slash. */
  readonly name: string;
  private readonly context: EndpointContext;
  private readonly fetchImpl: typeof fetch;
  private readonly random: () => number;
  private readonly backoff: BackoffSettings;

  /** Throws a `RemoteEngineError` (`config`) when the settings are invalid or the key cannot be found. */
  constructor(spec: RemoteEndpointSpecInput, deps: ScoringClientDeps = {}) {
    const parsed = RemoteEndpointSpec.safeParse(spec);
    if (!parsed.success) throw invalidSettings(spec.baseUrl, parsed.error);
    this.spec = parsed.data;
    this.name = endpointName(this.spec.baseUrl);
    const { apiKeyEnv, apiKeyName } = this.spec;
    const key = resolveApiKey(this.name, { apiKeyEnv, apiKeyName, apiKey: deps.apiKey }, deps.env ?? process.env);
    this.context = {
      url: this.name,
      model: this.spec.model,
      apiKey: key,
      apiKeyEnv,
      apiKeyName,
    };
    this.fetchImpl = deps.fetch ?? fetch;
    this.random = deps.random ?? Math.random;
    this.backoff = deps.backoff ?? { retryDelayMs: 500, maxRetryDelayMs: 30_000 };
  }

  /**
   * POSTs `body` as JSON to `path` under the base URL (`/completions`), or under the server's
   * root when `root` is set (`/tokenize`, which vLLM and llama-server serve outside `/v1`), and
   * returns the parsed answer. Retries what may pass (429, 502–504, a reset connection, a
   * timeout) `retries` times with backoff; throws a `RemoteEngineError` naming the endpoint
   * otherwise, or an `AbortError` when `signal` fires.
   */
  async post(path: string, body: unknown, options: { signal?: AbortSignal | undefined; root?: boolean } = {}): Promise<unknown> {
    const url = `${options.root === true ? this.root() : this.spec.baseUrl.replace(/\/+$/, '')}${path}`;
    const text = JSON.stringify(body);
    return withRetries(() => this.once(url, path, text, options.signal), {
      retries: this.spec.retries,
      retryDelayMs: this.backoff.retryDelayMs,
      maxRetryDelayMs: this.backoff.maxRetryDelayMs,
      random: this.random,
      signal: options.signal,
    });
  }

  /** The server's root: the base URL without a trailing `/v1`. */
  private root(): string {
    return this.spec.baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '');
  }

  private async once(url: string, path: string, body: string, signal: AbortSignal | undefined): Promise<unknown> {
    signal?.throwIfAborted();
    const timeout = AbortSignal.timeout(this.spec.timeoutMs);
    const combined = AbortSignal.any([timeout, ...(signal === undefined ? [] : [signal])]);
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (this.context.apiKey !== undefined) headers.authorization = `Bearer ${this.context.apiKey}`;
    try {
      const response = await this.fetchImpl(url, { method: 'POST', headers, body, signal: combined });
      if (!response.ok) throw await httpFailure(response, this.context);
      const text = await response.text();
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new RemoteEngineError(
          'protocol',
          `${this.name} answered POST ${path} with something that is not JSON; check that the base URL points at the API (usually ending in /v1).`,
        );
      }
    } catch (error) {
      if (error instanceof RemoteEngineError) throw error;
      signal?.throwIfAborted();
      if (timeout.aborted) {
        throw new RemoteEngineError(
          'timeout',
          `${this.name} did not answer POST ${path} within ${this.spec.timeoutMs / 1000} s; check that the server is up and not overloaded, or raise timeoutMs.`,
          { retryable: true },
        );
      }
      throw fetchFailure(error, this.name, this.context.apiKey);
    }
  }
}
