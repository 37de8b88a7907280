import type http from 'node:http';
import { startFakeModelServer, type FakeModelServer } from '../../../models/download/testing/startFakeModelServer';

/** The model behind a fake server: its tokenizer and its log-probabilities. */
export interface FakeLm {
  bos: number | null;
  tokenize(text: string): number[];
  piece(id: number): string;
  /** The text of each token of `ids` as the server echoes it (default: `piece` of each, the BOS as `bosText`). */
  pieces?(ids: readonly number[]): string[];
  /** For each position k ≥ 1 of `ids`: the log-probability of ids[k] after ids[0..k), and the most likely token there. */
  score(ids: readonly number[]): Promise<{ logprob: number; top: { id: number; logprob: number } }[]>;
}

/**
 * How the fake server behaves, after a real server's payloads:
 * - `vllm`: vLLM's `/tokenize`, and `/v1/completions` with `echo` + `logprobs` (token-id prompts, `max_tokens` 0 allowed) and `prompt_logprobs`.
 * - `vllm-no-echo`: the same, but `echo` is refused (400), as a deployment that turned it off.
 * - `openai-text`: a server that echoes text prompts with `text_offset` and refuses `max_tokens` 0; `bosText` shows the BOS as text.
 * - `llama-server`: llama.cpp's server: `/tokenize` with `content`, `echo` refused ("Only no echo is supported"), `n_probs` and `logit_bias`.
 * - `no-logprobs`: answers completions but ignores `echo` and `logprobs` (as Ollama's OpenAI layer).
 */
export type FakeKind = 'vllm' | 'vllm-no-echo' | 'openai-text' | 'llama-server' | 'no-logprobs';

/** Variations: the BOS shown as text in echoes, a llama-server that ignores `logit_bias`, a vLLM whose `/tokenize` is not served (a proxy passing only /v1). */
export interface FakeOptions {
  bosText?: string;
  ignoreBias?: boolean;
  noTokenize?: boolean;
}

export interface FakeScoringServer extends FakeModelServer {
  /** The JSON bodies received, in order, with their paths. */
  bodies: { path: string; body: Record<string, unknown> }[];
}

function send(response: http.ServerResponse, status: number, payload: unknown): void {
  const text = JSON.stringify(payload);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

async function readBody(request: http.IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of request) text += String(chunk);
  return text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
}

/** Starts a fake scoring server of `kind` over `lm`, recording each body. */
export async function startFakeScoringServer(kind: FakeKind, lm: FakeLm, options: FakeOptions = {}): Promise<FakeScoringServer> {
  const bodies: FakeScoringServer['bodies'] = [];
  const server = await startFakeModelServer((request, response) => {
    void (async () => {
      const path = (request.url ?? '/').split('?')[0] ?? '/';
      const body = await readBody(request);
      bodies.push({ path, body });
      if (path === '/tokenize' && options.noTokenize !== true && (kind === 'vllm' || kind === 'vllm-no-echo' || kind === 'llama-server')) {
        const text = String(kind === 'llama-server' ? body.content : body.prompt);
        const special = kind === 'llama-server' ? body.add_special === true : body.add_special_tokens !== false;
        const tokens = [...(special && lm.bos !== null ? [lm.bos] : []), ...lm.tokenize(text)];
        send(response, 200, kind === 'llama-server' ? { tokens } : { tokens, count: tokens.length, max_model_len: 4096 });
        return;
      }
      if (path !== '/v1/completions') {
        send(response, 404, { error: { message: `Not Found: ${path}`, type: 'not_found_error' } });
        return;
      }
      await completions(kind, lm, body, response, options);
    })();
  });
  return { ...server, bodies };
}

async function completions(
  kind: FakeKind,
  lm: FakeLm,
  body: Record<string, unknown>,
  response: http.ServerResponse,
  options: FakeOptions,
): Promise<void> {
  const model = body.model;
  if (kind === 'no-logprobs') {
    send(response, 200, {
      object: 'text_completion',
      model,
      choices: [{ index: 0, text: ' Paris', logprobs: null, finish_reason: 'length' }],
    });
    return;
  }
  if (kind === 'llama-server') {
    if (body.echo === true) {
      send(response, 500, { error: { code: 500, message: 'Only no echo is supported', type: 'server_error' } });
      return;
    }
    const prefix = body.prompt as number[];
    const bias = (body.logit_bias as [number, number][] | undefined)?.[0]?.[0];
    const target = bias !== undefined && options.ignoreBias !== true ? bias : null;
    const probe = await lm.score([...prefix, target ?? 0]);
    const last = probe.at(-1);
    if (last === undefined) throw new Error('empty prompt');
    const id = target ?? last.top.id;
    const logprob = target === null ? last.top.logprob : last.logprob;
    const entry = {
      id,
      token: lm.piece(id),
      bytes: [],
      logprob,
      top_logprobs: [{ id: last.top.id, token: lm.piece(last.top.id), bytes: [], logprob: last.top.logprob }],
    };
    send(response, 200, {
      object: 'text_completion',
      model,
      choices: [{ index: 0, text: lm.piece(id), logprobs: { content: [entry] }, finish_reason: 'length' }],
    });
    return;
  }
  const prompts =
    Array.isArray(body.prompt) && Array.isArray(body.prompt[0])
      ? (body.prompt as number[][])
      : Array.isArray(body.prompt) && typeof body.prompt[0] === 'string'
        ? (body.prompt as string[])
        : [body.prompt as string];
  if (body.echo === true && kind === 'vllm-no-echo') {
    send(response, 400, { object: 'error', message: 'echo is not supported by this deployment', type: 'BadRequestError', code: 400 });
    return;
  }
  if (body.echo === true && kind === 'openai-text' && body.max_tokens === 0) {
    send(response, 400, { error: { message: 'max_tokens must be at least 1', type: 'invalid_request_error', param: 'max_tokens' } });
    return;
  }
  const choices = [];
  for (const [index, prompt] of prompts.entries()) {
    const ids = typeof prompt === 'string' ? [...(lm.bos === null ? [] : [lm.bos]), ...lm.tokenize(prompt)] : prompt;
    const scores = await lm.score(ids);
    const generated = body.max_tokens === 0 ? [] : [ids.length > 0 ? (scores.at(-1)?.top.id ?? 3) : 3];
    const all = [...ids, ...generated];
    const pieces =
      lm.pieces?.(all) ?? all.map((t, k) => (k === 0 && lm.bos !== null && t === lm.bos ? (options.bosText ?? '') : lm.piece(t)));
    if (body.echo === true) {
      const offsets: number[] = [];
      let at = 0;
      for (const p of pieces) {
        offsets.push(at);
        at += Array.from(p).length;
      }
      const tokenLogprobs = all.map((_, k) => (k === 0 ? null : k < ids.length ? (scores[k - 1]?.logprob ?? null) : -0.5));
      const top = all.map((t, k) => {
        if (k === 0) return null;
        const s = scores[k - 1];
        if (s === undefined) return { [lm.piece(t)]: -0.5 };
        return { [lm.piece(s.top.id)]: s.top.logprob, [lm.piece(t)]: s.logprob };
      });
      choices.push({
        index,
        text: pieces.join(''),
        logprobs: { tokens: pieces, token_logprobs: tokenLogprobs, top_logprobs: top, text_offset: offsets },
        finish_reason: 'length',
      });
    } else if (typeof body.prompt_logprobs === 'number') {
      const promptLogprobs = ids.map((t, k) => {
        if (k === 0) return null;
        const s = scores[k - 1];
        if (s === undefined) return null;
        const rank = s.top.id === t ? 1 : 2;
        return {
          [String(t)]: { logprob: s.logprob, rank, decoded_token: lm.piece(t) },
          [String(s.top.id)]: { logprob: s.top.logprob, rank: 1, decoded_token: lm.piece(s.top.id) },
        };
      });
      choices.push({ index, text: lm.piece(generated[0] ?? 3), logprobs: null, finish_reason: 'length', prompt_logprobs: promptLogprobs });
    } else {
      choices.push({ index, text: lm.piece(generated[0] ?? 3), logprobs: null, finish_reason: 'length' });
    }
  }
  // vLLM answers the choices of a prompt list in completion order; the index says which is which.
  send(response, 200, { object: 'text_completion', model, choices: choices.reverse() });
}
