import { z } from 'zod';

/**
 * Where a figure came from. A remote endpoint cannot show everything a local worker can, and a
 * reader comparing a remote model with a local one has to know which numbers are comparable.
 * - `measured-locally`: timed or counted by Evalbench itself (for a remote model: at the client,
 *   so the network and the server's queue are included).
 * - `reported-by-server`: the server's own figure (its `usage`, an Evalbench worker's memory).
 * - `estimated`: derived from weaker evidence (streamed chunks counted as tokens, TTFT standing
 *   in for prompt evaluation).
 * - `unknown`: not available; the value is null, never a made-up zero.
 */
export const FigureSource = z.enum(['measured-locally', 'reported-by-server', 'estimated', 'unknown']);
export type FigureSource = z.infer<typeof FigureSource>;

/** The source of every timing and memory figure of one result, and of its stop reason. */
export const FigureProvenance = z.object({
  timeToFirstTokenMs: FigureSource,
  promptTokens: FigureSource,
  promptTokensPerSecond: FigureSource,
  generatedTokens: FigureSource,
  generationTokensPerSecond: FigureSource,
  totalMs: FigureSource,
  peakRssBytes: FigureSource,
  rssBytes: FigureSource,
  vramUsedBytes: FigureSource,
  stopReason: FigureSource,
});
export type FigureProvenance = z.infer<typeof FigureProvenance>;

/**
 * Which OpenAI-compatible server is on the other end: each accepts a different set of sampling
 * fields beyond OpenAI's (top-k, min-p, repeat penalty…), and refuses or ignores the others.
 */
export const ServerDialect = z.enum(['openai', 'llama-server', 'vllm', 'ollama', 'lmstudio', 'tgi', 'evalbench']);
export type ServerDialect = z.infer<typeof ServerDialect>;

/**
 * Which API a remote model's cases go to. `auto`: completion cases to `/completions`, chat cases
 * to `/chat/completions`. `chat`: everything to `/chat/completions` (a completion prompt becomes
 * one user message). `completion`: everything to `/completions`; chat cases are refused.
 */
export const RemoteApi = z.enum(['auto', 'chat', 'completion']);
export type RemoteApi = z.infer<typeof RemoteApi>;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * One OpenAI-compatible server serving the model (llama-server, vLLM, Ollama, LM Studio, TGI,
 * `evalbench worker`). Never holds the API key itself, only where to find it, so that run files,
 * stored runs and reports can be shared.
 */
export const RemoteEndpointSpec = z
  .object({
    /** Base URL of the API, usually ending in `/v1`, e.g. `http://gpu-box:8080/v1`. */
    baseUrl: z
      .url({ protocol: /^https?$/, error: 'baseUrl must be an http:// or https:// URL, e.g. http://localhost:8080/v1' })
      .refine((url) => {
        // Zod runs this even when the URL check above failed; that failure is the one to report.
        if (!URL.canParse(url)) return true;
        const parsed = new URL(url);
        return parsed.username === '' && parsed.password === '';
      }, 'baseUrl must not contain a user name or password: put the key in an environment variable and name it in apiKeyEnv'),
    /** The model name the server knows the model by (`GET /v1/models` lists them). */
    model: z.string().min(1),
    /** Name of the environment variable holding the API key (sent as `Authorization: Bearer`), e.g. `EVALBENCH_WORKER_TOKEN`. */
    apiKeyEnv: z
      .string()
      .regex(ENV_NAME, 'apiKeyEnv is the name of an environment variable (letters, digits, _), not the key itself')
      .optional(),
    /** In the desktop app: the name of an API key kept in the system keychain (Models → API keys). */
    apiKeyName: z.string().min(1).max(100).optional(),
    /** Cases sent to this endpoint at once; share the model's cases by it. 1 gives clean latency figures. */
    concurrency: z.number().int().min(1).max(256).default(1),
    /** Longest wait for an answer to start, and for each next piece of a streamed one, in milliseconds. */
    timeoutMs: z.number().int().positive().default(60_000),
    /** Retries (with backoff) after a rate limit, a dropped connection or a timeout. */
    retries: z.number().int().min(0).max(20).default(3),
    /** The server's kind, for the sampling fields it accepts beyond OpenAI's. */
    dialect: ServerDialect.default('openai'),
  })
  .strict()
  .refine((e) => e.apiKeyEnv === undefined || e.apiKeyName === undefined, {
    message: 'give apiKeyEnv or apiKeyName, not both',
    path: ['apiKeyName'],
  });
export type RemoteEndpointSpec = z.infer<typeof RemoteEndpointSpec>;
export type RemoteEndpointSpecInput = z.input<typeof RemoteEndpointSpec>;

/** A model served remotely: the API its cases use and every endpoint serving it (cases are shared among them). */
export const RemoteModelSpec = z
  .object({
    api: RemoteApi.default('auto'),
    /** Several endpoints serving the same model share its cases by their free capacity; one that dies hands its cases to the others. */
    endpoints: z.array(RemoteEndpointSpec).min(1),
  })
  .strict();
export type RemoteModelSpec = z.infer<typeof RemoteModelSpec>;

/** The model id a remote model has in a run (it is in no library): `remote:<label>`. */
export function remoteModelId(label: string): string {
  return `remote:${label}`;
}

/** An endpoint as results and reports name it: its base URL without credentials, query or trailing slash. */
export function endpointName(baseUrl: string): string {
  try {
    const url = new URL(baseUrl);
    return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
  } catch {
    return baseUrl.replace(/[?#].*$/, '');
  }
}
