import type { RemoteEndpointSpecInput, ServerDialect } from '../../../../shared/remoteModel';
import { RemoteEngineError } from '../../remote/RemoteEngineError';
import { echoLogprobs } from './echoLogprobs';
import { llamaServerTokenLogprob } from './llamaServerLogprobs';
import { LoglikelihoodUnsupportedError, loglikelihoodErrorValue, type RemoteLoglikelihoodError } from './LoglikelihoodError';
import { remoteBos, tokenizeRemote, type TokenizerKind } from './remoteTokens';
import { ScoringClient, type ScoringClientDeps } from './ScoringClient';
import { promptLogprobScores } from './vllmPromptLogprobs';
import { workerChoiceScores } from './workerLoglikelihood';

/**
 * How an endpoint's prompt log-probabilities are read.
 * - `echo-token-ids`: `/completions` with `echo` and `logprobs`, prompts as token ids from the
 *   server's `/tokenize` (vLLM): the continuation is sliced by token count, exactly as lm-eval.
 * - `prompt-logprobs`: vLLM's `prompt_logprobs` extension, prompts as token ids.
 * - `echo-text`: `/completions` with `echo` and `logprobs`, prompts as text, the continuation
 *   found by `text_offset` (any OpenAI-compatible server that echoes).
 * - `llama-server-forced`: llama-server, one forced token per continuation token (see
 *   `llamaServerTokenLogprob`).
 * - `evalbench-worker`: an `evalbench worker`'s `/v1/loglikelihood`, which scores an item's
 *   choices with the worker's own copy of the model exactly as a local run does.
 */
export type ScoringMethod = 'echo-token-ids' | 'prompt-logprobs' | 'echo-text' | 'llama-server-forced' | 'evalbench-worker';

/** What the probe found, kept so each endpoint is probed once. */
export interface ScoringCapability {
  method: ScoringMethod;
  /** The server's tokenizer, for the methods that send token ids. */
  tokenizer: TokenizerKind | null;
  bos: number | null;
  /** What `max_tokens` the server accepts with `echo` (0 where allowed; 1 adds a token that is left out). */
  maxTokens: 0 | 1;
}

/** One endpoint set up for scoring: its client and, once probed, what it can do. */
export interface RemoteScoring {
  client: ScoringClient;
  dialect: ServerDialect;
  /** Set by the first probe that settled (supported, or not supported); a failed request is probed again next time. */
  capability: ScoringCapability | LoglikelihoodUnsupportedError | null;
}

/** Sets up an endpoint of a run file (or the CLI) for scoring; throws a `RemoteEngineError` (`config`) for bad settings or a missing key. */
export function openRemoteScoring(spec: RemoteEndpointSpecInput, deps: ScoringClientDeps = {}): RemoteScoring {
  const client = new ScoringClient(spec, deps);
  return { client, dialect: client.spec.dialect, capability: null };
}

const PROBE_TEXT = 'The capital of France is Paris';
const PROBE_CONTEXT = 'The capital of France is';

/**
 * Finds whether and how the endpoint can score log-likelihood, by one small request per way
 * its dialect may offer: a value, `{ ok: false, error: { code: 'loglikelihood-unsupported' } }`
 * naming the endpoint and why when it cannot, or the request's own error (unreachable, key
 * refused, timeout) when it could not be asked.
 */
export async function probeLoglikelihood(
  scoring: RemoteScoring,
  signal?: AbortSignal,
): Promise<{ ok: true; method: ScoringMethod } | { ok: false; error: RemoteLoglikelihoodError }> {
  try {
    const capability = await ensureCapability(scoring, signal);
    return { ok: true, method: capability.method };
  } catch (error) {
    return { ok: false, error: loglikelihoodErrorValue(error) };
  }
}

/** The endpoint's capability, probing it the first time; throws `LoglikelihoodUnsupportedError` or the request's error. */
export async function ensureCapability(scoring: RemoteScoring, signal?: AbortSignal): Promise<ScoringCapability> {
  if (scoring.capability instanceof LoglikelihoodUnsupportedError) throw scoring.capability;
  if (scoring.capability !== null) return scoring.capability;
  try {
    scoring.capability = await probe(scoring, signal);
    return scoring.capability;
  } catch (error) {
    if (error instanceof LoglikelihoodUnsupportedError) scoring.capability = error;
    throw error;
  }
}

async function probe(scoring: RemoteScoring, signal: AbortSignal | undefined): Promise<ScoringCapability> {
  const { client, dialect } = scoring;
  switch (dialect) {
    case 'evalbench':
      await refusedAsUnsupported(
        client.name,
        'its /v1/loglikelihood',
        () => workerChoiceScores(client, { context: PROBE_CONTEXT, choices: [PROBE_TEXT.slice(PROBE_CONTEXT.length)] }, signal),
        'A worker from an Evalbench version before /v1/loglikelihood cannot score: update Evalbench on the worker’s machine, check the endpoint’s model name, or score the GGUF file there with evalbench loglikelihood --set ITEMS.jsonl MODEL.gguf.',
      );
      return { method: 'evalbench-worker', tokenizer: null, bos: null, maxTokens: 0 };
    case 'llama-server': {
      const tokens = await serverTokens(scoring, 'llama-server', signal);
      await refusedAsUnsupported(client.name, 'llama-server', () =>
        llamaServerTokenLogprob(client, tokens.ids.slice(0, -1), tokens.ids.at(-1) as number, signal),
      );
      return { method: 'llama-server-forced', tokenizer: 'llama-server', bos: tokens.bos, maxTokens: 1 };
    }
    case 'vllm': {
      // Behind a proxy that passes only /v1, vLLM's /tokenize is out of reach: echo with text prompts still works.
      const tokens = await serverTokens(scoring, 'vllm', signal).catch((error: unknown) => {
        if (error instanceof LoglikelihoodUnsupportedError) return null;
        throw error;
      });
      if (tokens === null) return echoText(client, signal, ' (its /tokenize was not reachable either)');
      const echo = await echoMaxTokens(client, [tokens.ids], signal);
      if (echo.ok) return { method: 'echo-token-ids', tokenizer: 'vllm', bos: tokens.bos, maxTokens: echo.maxTokens };
      const pair = { context: tokens.ids.slice(0, 1), continuation: tokens.ids.slice(1) };
      await refusedAsUnsupported(client.name, `prompt_logprobs, and echo did not work either (${echo.why})`, () =>
        promptLogprobScores(client, [pair], signal),
      );
      return { method: 'prompt-logprobs', tokenizer: 'vllm', bos: tokens.bos, maxTokens: 1 };
    }
    case 'openai':
    case 'lmstudio':
    case 'ollama':
    case 'tgi':
      return echoText(client, signal, '');
    default:
      return dialect satisfies never;
  }
}

/** Echo with text prompts, the continuation found by text offsets; `also` is added to the reason when it fails. */
async function echoText(client: ScoringClient, signal: AbortSignal | undefined, also: string): Promise<ScoringCapability> {
  const echo = await echoMaxTokens(client, [PROBE_TEXT], signal);
  if (!echo.ok) {
    throw new LoglikelihoodUnsupportedError(
      client.name,
      `it does not return prompt log-probabilities: ${echo.why}${also}`,
      'Serve the model with vLLM or llama-server and set the endpoint’s dialect (vllm, llama-server); or score the GGUF file locally with evalbench loglikelihood.',
    );
  }
  return { method: 'echo-text', tokenizer: null, bos: null, maxTokens: echo.maxTokens };
}

/** The probe text as the server's token ids, BOS first where the server adds one. */
async function serverTokens(
  scoring: RemoteScoring,
  kind: TokenizerKind,
  signal: AbortSignal | undefined,
): Promise<{ ids: number[]; bos: number | null }> {
  const { client } = scoring;
  return refusedAsUnsupported(client.name, `${kind}'s /tokenize`, async () => {
    const bos = await remoteBos(client, kind, signal);
    const ids = [...(bos === null ? [] : [bos]), ...(await tokenizeRemote(client, kind, PROBE_TEXT, false, signal))];
    if (ids.length < 2) throw new RemoteEngineError('protocol', `${client.name} tokenized "${PROBE_TEXT}" into fewer than two tokens.`);
    return { ids, bos };
  });
}

/** Runs `ask`; a request the server refused (400, 404, 405, 422…) or answered without log-probabilities means the endpoint cannot do it. */
async function refusedAsUnsupported<T>(
  endpoint: string,
  what: string,
  ask: () => Promise<T>,
  hint = 'Check the endpoint’s dialect, or score the GGUF file locally with evalbench loglikelihood.',
): Promise<T> {
  try {
    return await ask();
  } catch (error) {
    if (error instanceof RemoteEngineError && (error.kind === 'rejected' || error.kind === 'not_found' || error.kind === 'protocol')) {
      throw new LoglikelihoodUnsupportedError(endpoint, `it refused ${what} (${error.details.serverMessage ?? error.message})`, hint);
    }
    if (error instanceof LoglikelihoodUnsupportedError) throw new LoglikelihoodUnsupportedError(endpoint, error.why, error.hint);
    throw error;
  }
}

/** Whether the server echoes prompt log-probabilities, asking with `max_tokens` 0 and then 1 (some servers refuse 0). */
async function echoMaxTokens(
  client: ScoringClient,
  prompts: (string | number[])[],
  signal: AbortSignal | undefined,
): Promise<{ ok: true; maxTokens: 0 | 1 } | { ok: false; why: string }> {
  let why = '';
  for (const maxTokens of [0, 1] as const) {
    try {
      await echoLogprobs(client, prompts, maxTokens, signal);
      return { ok: true, maxTokens };
    } catch (error) {
      if (error instanceof LoglikelihoodUnsupportedError) return { ok: false, why: error.why };
      if (!(error instanceof RemoteEngineError) || !refusesEcho(error)) throw error;
      why = `it refused echo with logprobs: ${error.details.serverMessage ?? error.message}`;
    }
  }
  return { ok: false, why };
}

/**
 * A refusal of the echo request itself: a 4xx, or a 500 whose message is about echo or logprobs
 * (llama-server answers `echo` with 500 "Only no echo is supported"); any other 500 is a failure.
 */
function refusesEcho(error: RemoteEngineError): boolean {
  if (error.kind === 'rejected' || error.kind === 'not_found') return true;
  return error.kind === 'server_error' && error.status === 500 && /echo|logprob/i.test(error.details.serverMessage ?? '');
}
