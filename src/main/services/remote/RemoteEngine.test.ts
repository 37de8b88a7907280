import type http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { GenerationInput } from '../../../shared/engine';
import { startFakeModelServer, type FakeHandler, type FakeModelServer } from '../models/download/testing/startFakeModelServer';
import { RemoteEngine } from './RemoteEngine';
import type { RemoteEngineConfigInput } from './RemoteEngineConfig';
import { RemoteEngineError } from './RemoteEngineError';

const PROMPT = { kind: 'completion', prompt: 'Once upon' } as const;
const servers: FakeModelServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(handler: FakeHandler): Promise<FakeModelServer> {
  const server = await startFakeModelServer(handler);
  servers.push(server);
  return server;
}

function engineFor(server: FakeModelServer, config: Partial<RemoteEngineConfigInput> = {}, env: NodeJS.ProcessEnv = {}): RemoteEngine {
  return new RemoteEngine({ baseUrl: `${server.origin}/v1`, model: 'tiny', retryDelayMs: 5, ...config }, { env });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const event = (response: http.ServerResponse, payload: unknown): boolean => response.write(`data: ${JSON.stringify(payload)}\n\n`);
const content = (text: string): unknown => ({ model: 'tiny-q8', choices: [{ index: 0, text, finish_reason: null }] });

/** A well-behaved streaming server: a pause for the "prompt", then one chunk per token, 10 ms apart. */
function streaming(tokens: string[], options: { usage?: boolean; promptMs?: number; intervalMs?: number } = {}): FakeHandler {
  return (_request, response) => {
    void (async () => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      await sleep(options.promptMs ?? 30);
      for (const token of tokens) {
        event(response, content(token));
        if (options.intervalMs !== 0) await sleep(options.intervalMs ?? 10);
      }
      event(response, { choices: [{ index: 0, text: '', finish_reason: 'stop' }] });
      if (options.usage !== false)
        event(response, { choices: [], usage: { prompt_tokens: 7, completion_tokens: tokens.length, total_tokens: 7 + tokens.length } });
      response.end('data: [DONE]\n\n');
    })();
  };
}

describe('RemoteEngine', () => {
  it('measures a streamed answer as a local one: TTFT to the first content, token counts from usage', async () => {
    const server = await serve(streaming([' a', ' b', ' c', ' d', ' e']));
    const engine = engineFor(server, { apiKey: 'k-123' });
    const pieces: string[] = [];
    const result = await engine.generate(PROMPT, { maxTokens: 5 }, { onText: (t) => pieces.push(t) });
    expect(result.text).toBe(' a b c d e');
    expect(pieces.join('')).toBe(result.text);
    expect(result.timings.timeToFirstTokenMs).toBeGreaterThanOrEqual(29);
    expect(result.timings.promptTokens).toBe(7);
    expect(result.timings.generatedTokens).toBe(5);
    // Four tokens after the first, sent 10 ms apart: about 100 tokens/s (network jitter aside;
    // buildRemoteResult.test.ts checks the arithmetic exactly).
    expect(result.timings.generationTokensPerSecond).toBeGreaterThan(10);
    expect(result.timings.generationTokensPerSecond).toBeLessThan(1000);
    expect(result.timings.totalMs).toBeGreaterThan(result.timings.timeToFirstTokenMs ?? Infinity);
    expect(result.stopReason).toBe('eos');
    expect(result.servedModel).toBe('tiny-q8');
    expect(result.memory).toEqual({ peakRssBytes: null, rssBytes: null, vramUsedBytes: null });
    expect(result.provenance).toMatchObject({
      timeToFirstTokenMs: 'measured-locally',
      promptTokens: 'reported-by-server',
      generatedTokens: 'reported-by-server',
      generationTokensPerSecond: 'measured-locally',
      promptTokensPerSecond: 'estimated',
      peakRssBytes: 'unknown',
      vramUsedBytes: 'unknown',
    });
    const [request] = server.requests;
    expect(request?.url).toBe('/v1/completions');
    expect(request?.headers.authorization).toBe('Bearer k-123');
  });

  it('counts chunks when the server sends no usage, and marks the figure as estimated', async () => {
    const server = await serve(streaming(['x', 'y', 'z'], { usage: false, intervalMs: 25 }));
    const result = await engineFor(server).generate(PROMPT);
    expect(result.timings.generatedTokens).toBe(3);
    expect(result.provenance.generatedTokens).toBe('estimated');
    expect(result.provenance.generationTokensPerSecond).toBe('estimated');
    expect(result.timings.promptTokens).toBeNull();
    expect(result.provenance.promptTokens).toBe('unknown');
    expect(result.timings.promptTokensPerSecond).toBeNull();
  });

  it('leaves generation speed unknown when the answer arrives within a few milliseconds, rather than dividing by a network blip', async () => {
    // Written back to back: 2 ms apart stretched past the 20 ms window on a loaded CI machine.
    const server = await serve(streaming(['x', 'y', 'z', 'w'], { intervalMs: 0 }));
    const result = await engineFor(server).generate(PROMPT);
    expect(result.timings.generatedTokens).toBe(4);
    expect(result.timings.generationTokensPerSecond).toBeNull();
    expect(result.provenance.generationTokensPerSecond).toBe('unknown');
  });

  it('explains a refused API key, names its variable, and never repeats the key even when the server echoes it', async () => {
    const server = await serve((_q, response) => {
      response.writeHead(401, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { message: 'Incorrect API key provided: sk-secret-123', type: 'invalid_request_error' } }));
    });
    const engine = engineFor(server, { apiKeyEnv: 'EVALBENCH_TEST_KEY' }, { EVALBENCH_TEST_KEY: 'sk-secret-123' });
    const error = await engine.generate(PROMPT).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteEngineError);
    expect(error).toMatchObject({ kind: 'unauthorized', status: 401 });
    const { message } = error as RemoteEngineError;
    expect(message).toMatch(
      /^The server refused the API key for http:\/\/127\.0\.0\.1:\d+\/v1 \(401\): Incorrect API key provided: \[API key\]; check the key in the EVALBENCH_TEST_KEY environment variable\.$/,
    );
    expect(message).not.toContain('sk-secret-123');
    expect(server.requests).toHaveLength(1);
    await expect(engineFor(server).generate(PROMPT)).rejects.toThrow(/needs an API key \(401\).*set apiKeyEnv/);
  });

  it('refuses to start when the API key variable is not set', () => {
    expect(() => new RemoteEngine({ baseUrl: 'http://127.0.0.1:9/v1', model: 'm', apiKeyEnv: 'EVALBENCH_NOT_SET' }, { env: {} })).toThrow(
      /should be in the EVALBENCH_NOT_SET environment variable, which is not set/,
    );
    expect(() => new RemoteEngine({ baseUrl: 'ftp://host/v1', model: 'm' })).toThrow(/baseUrl must be an http/);
    const broken = (): RemoteEngine => new RemoteEngine({ baseUrl: 'http://127.0.0.1:9/v1', model: 'm', apiKey: 'sk-abc\ndef' });
    expect(broken).toThrow(/contains a character that cannot go in an HTTP header/);
    expect(broken).not.toThrow(/sk-abc/);
  });

  it('gives up on a server that accepts and never answers: timeout, retries, then a clear error', async () => {
    const server = await serve(() => undefined);
    const started = performance.now();
    const error = await engineFor(server, { timeoutMs: 150, retries: 2 })
      .generate(PROMPT)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'timeout', attempts: 3 });
    expect((error as Error).message).toMatch(/did not start answering within 0\.15 s; .*raise timeoutMs\. \(3 attempts\)$/);
    expect(server.requests).toHaveLength(3);
    expect(performance.now() - started).toBeGreaterThanOrEqual(3 * 150 - 5);
  });

  it('retries a stream that goes silent before its first token, and a reset connection', async () => {
    const tokens = streaming(['ok']);
    const server = await serve((request, response, index) => {
      if (index === 0) {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        event(response, { choices: [{ index: 0, delta: { role: 'assistant', content: '' } }] });
      } else if (index === 1) request.socket.destroy();
      else tokens(request, response, index);
    });
    const result = await engineFor(server, { idleTimeoutMs: 150, retries: 3 }).generate(PROMPT);
    expect(result.text).toBe('ok');
    expect(result.attempts).toBe(3);
  });

  it('does not retry a stream that stops after text was streamed, since a retry would repeat it', async () => {
    const server = await serve((_q, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      event(response, content('Hel'));
    });
    const seen: string[] = [];
    const pending = engineFor(server, { idleTimeoutMs: 150, retries: 3 }).generate(PROMPT, {}, { onText: (t) => seen.push(t) });
    await expect(pending).rejects.toThrow(/went silent for 0\.15 s after 3 characters of the answer.*Not retried/);
    expect(seen).toEqual(['Hel']);
    expect(server.requests).toHaveLength(1);
  });

  it('waits as long as a 429 asks (Retry-After), then succeeds', async () => {
    const ok = streaming(['fine'], { promptMs: 0 });
    const server = await serve((request, response, index) => {
      if (index > 0) return ok(request, response, index);
      response.writeHead(429, { 'retry-after': '1', 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { message: 'slow down' } }));
    });
    const started = performance.now();
    const result = await engineFor(server, { retryDelayMs: 5 }).generate(PROMPT);
    expect(result.text).toBe('fine');
    expect(result.attempts).toBe(2);
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
  });

  it("fails at once when Retry-After is longer than allowed, and on a 400, with the server's words", async () => {
    const server = await serve((request, response) => {
      const limited = request.url === '/v1/chat/completions';
      response.writeHead(limited ? 429 : 400, { 'retry-after': '3600', 'content-type': 'application/json' });
      response.end(JSON.stringify(limited ? { error: 'quota used up' } : { object: 'error', message: "'max_tokens' is too large: 9999" }));
    });
    const engine = engineFor(server);
    await expect(engine.generate(PROMPT)).rejects.toMatchObject({
      kind: 'rejected',
      message: expect.stringMatching(/refused the request \(400\): 'max_tokens' is too large: 9999;/) as unknown,
    });
    const chat: GenerationInput = { kind: 'chat', messages: [{ role: 'user', content: 'hi' }], template: 'model' };
    await expect(engine.generate(chat)).rejects.toThrow(/limiting the request rate \(429\): quota used up;.*asked to wait 3600 s/);
    expect(server.requests).toHaveLength(2);
  });

  it('retries 503 until the retries run out, then says how often it tried', async () => {
    const server = await serve((_q, response) => {
      response.writeHead(503);
      response.end('loading model');
    });
    await expect(engineFor(server, { retries: 2 }).generate(PROMPT)).rejects.toThrow(
      /is unavailable \(503\): loading model; .*\(3 attempts\)$/,
    );
    expect(server.requests).toHaveLength(3);
  });

  it('keeps no more requests on the wire than maxConcurrency', async () => {
    let inFlight = 0;
    let most = 0;
    const answer = streaming(['t'], { promptMs: 40 });
    const server = await serve((request, response, index) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      response.on('close', () => (inFlight -= 1));
      answer(request, response, index);
    });
    const engine = engineFor(server, { maxConcurrency: 2 });
    const results = await Promise.all(Array.from({ length: 6 }, () => engine.generate(PROMPT)));
    expect(results.every((r) => r.text === 't')).toBe(true);
    expect(most).toBe(2);
    expect(results.some((r) => r.queuedMs > 30)).toBe(true);
    expect(engine.inFlight).toBe(0);
  });

  it('says so at once when nothing listens at the address', async () => {
    const server = await serve(() => undefined);
    await server.close();
    servers.length = 0;
    await expect(engineFor(server, { retries: 3, retryDelayMs: 1000 }).generate(PROMPT)).rejects.toThrow(
      /^Nothing is listening at http:\/\/127\.0\.0\.1:\d+\/v1 \(connection refused\)/,
    );
  });

  it('keeps the text so far when cancelled mid-answer, and throws AbortError when cancelled before', async () => {
    const server = await serve(streaming(['a', 'b', 'c', 'd', 'e', 'f'], { promptMs: 0 }));
    const controller = new AbortController();
    const result = await engineFor(server).generate(PROMPT, {}, { signal: controller.signal, onText: () => controller.abort() });
    expect(result.stopReason).toBe('cancelled');
    expect(result.text).toBe('a');
    await expect(engineFor(server).generate(PROMPT, {}, { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('leaves TTFT unknown when the server ignores stream: true and answers in one piece', async () => {
    const server = await serve((_q, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          choices: [{ index: 0, message: { role: 'assistant', content: 'whole' }, finish_reason: 'length' }],
          usage: { prompt_tokens: 3, completion_tokens: 2 },
        }),
      );
    });
    const result = await engineFor(server).generate(PROMPT);
    expect(result).toMatchObject({ text: 'whole', stopReason: 'max_tokens' });
    expect(result.timings.timeToFirstTokenMs).toBeNull();
    expect(result.provenance.timeToFirstTokenMs).toBe('unknown');
    expect(result.timings.generationTokensPerSecond).toBeNull();
  });

  it('lists the models, and explains a base URL that is not the API', async () => {
    const server = await serve((request, response) => {
      const api = request.url === '/v1/models';
      response.writeHead(api ? 200 : 404, { 'content-type': 'application/json' });
      response.end(api ? JSON.stringify({ object: 'list', data: [{ id: 'tiny' }, { id: 'other' }] }) : '{"error":"Not Found"}');
    });
    expect(await engineFor(server).listModels()).toEqual(['tiny', 'other']);
    const wrong = new RemoteEngine({ baseUrl: server.origin, model: 'tiny' });
    await expect(wrong.listModels()).rejects.toThrow(/no such model or endpoint \(404\): Not Found; check that the base URL ends in \/v1/);
  });
});
