import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GenerationParams, type GenerationInput, type GenerationParamsInput } from '../../../../shared/engine';
import { Engine, type LoadedModel } from '../../engine/Engine';
import { forkWorker } from '../../engine/WorkerProcess';
import { ensureFixtures, type FixtureSet } from '../../gguf/fixtureCache';
import { RemoteEngine } from '../RemoteEngine';
import type { RemoteEngineConfigInput } from '../RemoteEngineConfig';
import { caseGeneration } from '../caseGeneration';
import { startWorkerServer, type RunningWorkerServer } from './startWorkerServer';

const workerScript = process.env.EVALBENCH_TEST_WORKER ?? '';
// One thread: test files run in parallel on two cores (see Engine.model.test.ts).
// A context long enough for a generation that outlasts a cancel's trip to the server: the native
// decode loop makes this model's tokens in a small fraction of a millisecond each.
const CPU = { backend: 'cpu', contextSize: 4096, threads: 1 } as const;
const TOKEN = 'worker-test-token-0123456789';
const COMPLETION: GenerationInput = { kind: 'completion', prompt: 'The quick brown fox' };
const MESSAGES = [
  { role: 'system', content: 'Be brief.' },
  { role: 'user', content: 'Name a colour.' },
] as const;
const CHAT: GenerationInput = { kind: 'chat', template: 'model', messages: MESSAGES.map((m) => ({ ...m })) };

let fixtures: FixtureSet;
let server: RunningWorkerServer;
let local: Engine;
let localModel: LoadedModel;
const log: string[] = [];

beforeAll(async () => {
  expect(workerScript, 'vitest.globalSetup.ts builds the worker').not.toBe('');
  fixtures = await ensureFixtures();
  local = new Engine({ workerScript, launch: forkWorker });
  [server, localModel] = await Promise.all([
    startWorkerServer({
      modelPath: fixtures.files.q8_0,
      workerScript,
      host: '127.0.0.1',
      port: 0,
      token: TOKEN,
      load: CPU,
      keepAliveMs: 50,
      onLog: (line) => log.push(line),
    }),
    local.load(fixtures.files.q8_0, CPU),
  ]);
}, 60_000);
afterAll(async () => {
  await Promise.all([server.close(), local.dispose()]);
});

function remote(config: Partial<RemoteEngineConfigInput> = {}): RemoteEngine {
  return new RemoteEngine({ baseUrl: server.url, model: server.modelName, dialect: 'evalbench', apiKey: TOKEN, retries: 0, ...config });
}

async function compare(input: GenerationInput, params: GenerationParamsInput): Promise<void> {
  const expected = await local.generate(localModel.id, input, params);
  const pieces: string[] = [];
  const result = await remote().generate(input, params, { onText: (t) => pieces.push(t) });
  // A test of identical output needs output: an empty answer would match anything.
  expect(expected.timings.generatedTokens).toBeGreaterThan(1);
  expect(result.text).toBe(expected.text);
  expect(pieces.join('')).toBe(expected.text);
  expect(result.stopReason).toBe(expected.stopReason);
  expect(result.timings.promptTokens).toBe(expected.timings.promptTokens);
  expect(result.timings.generatedTokens).toBe(expected.timings.generatedTokens);
  expect(result.provenance).toMatchObject({
    timeToFirstTokenMs: 'measured-locally',
    promptTokens: 'reported-by-server',
    generatedTokens: 'reported-by-server',
    stopReason: 'reported-by-server',
    peakRssBytes: 'reported-by-server',
  });
  expect(result.timings.timeToFirstTokenMs).toBeGreaterThan(0);
  // The client's TTFT includes the network and the HTTP handling; the worker's own does not.
  expect(result.timings.timeToFirstTokenMs).toBeGreaterThanOrEqual(result.serverTimings?.timeToFirstTokenMs ?? Infinity);
  expect(result.memory.peakRssBytes).toBeGreaterThan(10 * 1024 * 1024);
  expect(result.paramsNotSent).toEqual([]);
}

describe('evalbench worker, driven by RemoteEngine', () => {
  it('answers a completion exactly as the local engine does, with measured figures', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    await compare(COMPLETION, { maxTokens: 24 });
  });

  it('answers a chat exactly as the local engine does', async () => {
    await compare(CHAT, { maxTokens: 16 });
  });

  it('stops before a stop string as the local engine does', async () => {
    const free = await local.generate(localModel.id, COMPLETION, { maxTokens: 24 });
    const stop = free.text.slice(Math.floor(free.text.length / 2), Math.floor(free.text.length / 2) + 2);
    await compare(COMPLETION, { maxTokens: 24, stop: [stop] });
  });

  it('answers without streaming in OpenAI shape, with usage and its own timings', async () => {
    const expected = await local.generate(localModel.id, CHAT, { maxTokens: 8 });
    const response = await fetch(`${server.url}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: server.modelName, messages: MESSAGES, max_tokens: 8 }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      object: 'chat.completion',
      model: server.modelName,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: expected.text },
          finish_reason: expected.stopReason === 'max_tokens' ? 'length' : 'stop',
        },
      ],
      usage: { prompt_tokens: expected.timings.promptTokens, completion_tokens: expected.timings.generatedTokens },
      evalbench: { stopReason: expected.stopReason, params: { maxTokens: 8, temperature: 0 } },
    });
  });

  it('requires the token: a missing or wrong one gets a 401 in OpenAI shape and a clear error', async () => {
    await expect(remote({ apiKey: undefined }).generate(COMPLETION)).rejects.toThrow(
      /needs an API key \(401\): This Evalbench worker needs a token/,
    );
    await expect(remote({ apiKey: 'wrong-token' }).generate(COMPLETION)).rejects.toThrow(
      /^The server refused the API key for http:\/\/127\.0\.0\.1:\d+\/v1 \(401\): The token in the Authorization header is not this worker's/,
    );
    const response = await fetch(`${server.url}/models`, { headers: { authorization: 'Bearer nope' } });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      error: { type: 'invalid_request_error', code: 'invalid_api_key', message: expect.any(String) as unknown },
    });
  });

  it('refuses a request for another model rather than answering with its own', async () => {
    await expect(remote({ model: 'some-other-model' }).generate(COMPLETION)).rejects.toMatchObject({
      kind: 'not_found',
      message: expect.stringContaining(`serves "${server.modelName}", not "some-other-model"`) as unknown,
    });
  });

  it('queues what exceeds --parallel, and says how long each request waited', async () => {
    const client = remote({ maxConcurrency: 3 });
    const results = await Promise.all([1, 2, 3].map(() => client.generate(COMPLETION, { maxTokens: 16 })));
    expect(new Set(results.map((r) => r.text)).size).toBe(1);
    const waited = results.map((r) => r.serverTimings?.queuedMs ?? -1).sort((a, b) => a - b);
    // One ran at once; the others waited for it (and the second for the first two).
    expect(waited[0]).toBeLessThan(5);
    expect(waited[2]).toBeGreaterThan(waited[1] ?? Infinity);
    expect(waited[1]).toBeGreaterThan(0);
  });

  it("answers a run's case as the local engine would, with the server's own figures", async () => {
    const expected = await local.generate(localModel.id, COMPLETION, { maxTokens: 12 });
    const result = caseGeneration(await remote().generate(COMPLETION, GenerationParams.parse({ maxTokens: 12 })));
    expect(result.text).toBe(expected.text);
    expect(result.timings.generatedTokens).toBe(expected.timings.generatedTokens);
    expect(result.memory?.peakRssBytes).toBeGreaterThan(0);
    expect(result.provenance).toMatchObject({ peakRssBytes: 'reported-by-server' });
  });

  it("reports a prompt longer than the context as the client's mistake, streamed or not", async () => {
    const long: GenerationInput = { kind: 'completion', prompt: 'word '.repeat(5000) };
    await expect(remote().generate(long)).rejects.toThrow(
      /reported an error while answering: The prompt is \d+ tokens but the context holds 4096; start the worker with a larger --context/,
    );
    const response = await fetch(`${server.url}/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'word '.repeat(5000) }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'context_length_exceeded' } });
  });

  it('stops generating when the client goes away, and serves the next request at once', async () => {
    const controller = new AbortController();
    const cancelled = await remote().generate(
      COMPLETION,
      { maxTokens: 4000 },
      { signal: controller.signal, onText: () => controller.abort() },
    );
    expect(cancelled.stopReason).toBe('cancelled');
    const next = await remote().generate(COMPLETION, { maxTokens: 4 });
    expect(next.timings.generatedTokens).toBe(4);
    // The server's log: the abandoned generation stopped short of its 4000 tokens. The line comes
    // when the server has noticed the client gone, which on a loaded machine can be after `next`
    // (and, at thousands of tokens a second, well over 100 tokens in).
    const abandonedTokens = (): number => {
      const match = log.map((l) => /^POST \/v1\/completions 499 stream (\d+) tokens/.exec(l)).find((m) => m !== null);
      return match?.[1] === undefined ? Number.NaN : Number(match[1]);
    };
    await expect.poll(abandonedTokens, { timeout: 10_000 }).not.toBeNaN();
    expect(abandonedTokens()).toBeLessThan(4000);
  });

  it('refuses to listen beyond loopback without a token, before loading anything', async () => {
    await expect(startWorkerServer({ modelPath: fixtures.files.q8_0, workerScript, host: '0.0.0.0', port: 0 })).rejects.toThrow(
      /^Refusing to listen on 0\.0\.0\.0 without a token/,
    );
  });
});
