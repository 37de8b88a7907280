import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import type { GenerationResult, StopReason } from '../../../../shared/engine';
import type { Engine } from '../../engine/Engine';
import { WorkerError } from '../../engine/WorkerHandle';
import type { EvalbenchExtension } from '../EvalbenchExtension';
import type { ModelPool } from './ModelPool';
import type { ParsedRequest } from './parseOpenAiRequest';
import { describeWorkerFailure, type FailureAnswer } from './describeWorkerFailure';
import { sendOpenAiError } from './sendOpenAiError';

/** What serving one generation needs from the server. */
export interface CompletionContext {
  kind: 'completion' | 'chat';
  pool: ModelPool;
  engine: Engine;
  /** The model's name in answers and in `/v1/models`. */
  modelName: string;
  /** Interval of SSE comments while the answer has not started, so proxies and clients see a live connection. */
  keepAliveMs: number;
  /** Told how each request ended, for the server's log. */
  onFinished: (status: number, result: GenerationResult | null) => void;
}

/**
 * Runs one `/v1/completions` or `/v1/chat/completions` request on a free copy of the model and
 * answers in OpenAI's shape, streamed (SSE) or whole, with `usage` and an `evalbench` field that
 * carries the worker's own measurements. A client that disconnects cancels its generation.
 */
export async function serveCompletion(
  response: http.ServerResponse,
  request: Extract<ParsedRequest, { ok: true }>,
  context: CompletionContext,
): Promise<void> {
  const controller = new AbortController();
  response.on('close', () => {
    if (!response.writableFinished) controller.abort();
  });
  const id = `${context.kind === 'chat' ? 'chatcmpl' : 'cmpl'}-${randomUUID()}`;
  const created = Math.floor(Date.now() / 1000);
  const object = context.kind === 'chat' ? 'chat.completion.chunk' : 'text_completion';
  const choice = (text: string | null, finish: string | null): Record<string, unknown> =>
    context.kind === 'chat'
      ? { index: 0, delta: text === null ? {} : { content: text }, logprobs: null, finish_reason: finish }
      : { index: 0, text: text ?? '', logprobs: null, finish_reason: finish };
  const send = (payload: Record<string, unknown> | '[DONE]'): void => {
    if (response.destroyed) return;
    response.write(
      `data: ${payload === '[DONE]' ? payload : JSON.stringify({ id, object, created, model: context.modelName, ...payload })}\n\n`,
    );
  };

  let keepAlive: NodeJS.Timeout | undefined;
  if (request.stream) {
    response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
    response.flushHeaders();
    keepAlive = setInterval(() => response.write(': keep-alive\n\n'), context.keepAliveMs);
    if (context.kind === 'chat')
      send({ choices: [{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }] });
  }
  try {
    const { value: result, queuedMs } = await context.pool.run(controller.signal, (loadId) =>
      context.engine.generate(loadId, request.input, request.params, {
        signal: controller.signal,
        onText: (text) => {
          clearInterval(keepAlive);
          if (request.stream) send({ choices: [choice(text, null)] });
        },
      }),
    );
    clearInterval(keepAlive);
    const evalbench: EvalbenchExtension = {
      stopReason: result.stopReason,
      timings: result.timings,
      memory: result.memory,
      queuedMs,
      params: request.params,
    };
    const usage = {
      prompt_tokens: result.timings.promptTokens,
      completion_tokens: result.timings.generatedTokens,
      total_tokens: result.timings.promptTokens + result.timings.generatedTokens,
    };
    const finish = finishReason(result.stopReason);
    // 499, as nginx logs it: the client closed the connection and the generation was cut short.
    context.onFinished(controller.signal.aborted ? 499 : 200, result);
    if (request.stream) {
      send({ choices: [choice(null, finish)], ...(request.includeUsage ? {} : { evalbench }) });
      if (request.includeUsage) send({ choices: [], usage, evalbench });
      send('[DONE]');
      response.end();
      return;
    }
    const message = context.kind === 'chat' ? { message: { role: 'assistant', content: result.text } } : { text: result.text };
    const body = JSON.stringify({
      id,
      object: context.kind === 'chat' ? 'chat.completion' : 'text_completion',
      created,
      model: context.modelName,
      choices: [{ index: 0, ...message, logprobs: null, finish_reason: finish }],
      usage,
      evalbench,
    });
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    response.end(body);
  } catch (error) {
    clearInterval(keepAlive);
    if (controller.signal.aborted) return;
    const failure = describeFailure(error);
    context.onFinished(failure.status, null);
    if (!response.headersSent) {
      sendOpenAiError(response, failure.status, failure.message, failure.details);
      return;
    }
    // The stream has started with 200: the error travels as an event, as llama-server sends it.
    send({ error: { message: failure.message, type: failure.details.type, code: failure.details.code ?? null } });
    response.end();
  }
}

function finishReason(reason: StopReason): 'stop' | 'length' {
  switch (reason) {
    case 'max_tokens':
    case 'context_full':
      return 'length';
    case 'eos':
    case 'stop_sequence':
    case 'cancelled':
      return 'stop';
    default:
      return reason satisfies never;
  }
}

function describeFailure(error: unknown): FailureAnswer {
  return describeWorkerFailure(error, 'generation', (e) => {
    if (e instanceof WorkerError && e.kind === 'failed' && /larger context size/.test(e.message)) {
      return {
        status: 400,
        message: `${e.message.replace(/load the model with a larger context size\.?$/, '')}start the worker with a larger --context.`,
        details: { type: 'invalid_request_error', code: 'context_length_exceeded' },
      };
    }
    return null;
  });
}
