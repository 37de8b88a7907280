import { z } from 'zod';
import { ServerDialect } from '../../../shared/remoteModel';

export { ServerDialect };

/** A remote OpenAI-compatible endpoint serving one model, and how to talk to it. */
export const RemoteEngineConfig = z
  .object({
    /** Base URL of the API, usually ending in `/v1`, e.g. `http://gpu-box:8080/v1`. */
    baseUrl: z.url({ protocol: /^https?$/, error: 'baseUrl must be an http:// or https:// URL, e.g. http://localhost:8080/v1' }),
    /** The model name the server knows the model by (`GET /v1/models` lists them). */
    model: z.string().min(1),
    /** API key sent as `Authorization: Bearer`. Prefer `apiKeyEnv`: settings files get shared. */
    apiKey: z.string().min(1).optional(),
    /** Name of an environment variable that holds the API key, e.g. `EVALBENCH_WORKER_TOKEN`. */
    apiKeyEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name')
      .optional(),
    /** The name of the key in the app's keychain that `apiKey` was read from, to name it when the server refuses it. */
    apiKeyName: z.string().min(1).optional(),
    /**
     * Which endpoint a case goes to. `auto`: completion cases to `/completions`, chat cases to
     * `/chat/completions`. `chat`: everything to `/chat/completions` (a completion prompt becomes
     * one user message, which the server wraps in its chat template: not the same input).
     * `completion`: everything to `/completions`; chat cases are refused.
     */
    mode: z.enum(['auto', 'chat', 'completion']).default('auto'),
    /** The server's kind, for the sampling fields it accepts beyond OpenAI's. */
    dialect: ServerDialect.default('openai'),
    /** Longest wait for the response to start (connection and headers). */
    timeoutMs: z.number().int().positive().default(60_000),
    /** Longest silence between two pieces of a streamed response (prompt evaluation included). */
    idleTimeoutMs: z.number().int().positive().default(60_000),
    /** Requests this client sends to the endpoint at once; the rest wait. 1 gives clean latency figures. */
    maxConcurrency: z.number().int().min(1).max(256).default(1),
    /** Retries after a failure that may pass (429, 502/503/504, 408, a reset connection, a timeout). */
    retries: z.number().int().min(0).max(20).default(3),
    /** First pause before a retry; it doubles each time, with jitter, unless the server sends Retry-After. */
    retryDelayMs: z.number().int().min(0).default(500),
    /** Upper bound for one pause; a Retry-After longer than this fails the request instead of waiting. */
    maxRetryDelayMs: z.number().int().min(0).default(30_000),
    /** Ask for per-token log-probabilities with this many alternatives (0: the chosen token only). */
    logprobs: z.number().int().min(0).max(20).optional(),
  })
  .strict()
  .refine((c) => c.apiKey === undefined || c.apiKeyEnv === undefined, { message: 'give apiKey or apiKeyEnv, not both' });
export type RemoteEngineConfig = z.output<typeof RemoteEngineConfig>;
export type RemoteEngineConfigInput = z.input<typeof RemoteEngineConfig>;
