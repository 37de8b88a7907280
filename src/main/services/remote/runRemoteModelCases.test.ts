import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { remoteModelId, type RemoteEndpointSpecInput } from '../../../shared/remoteModel';
import { RunCase, RunSpec } from '../../../shared/runs';
import { startFakeModelServer, type FakeModelServer } from '../models/download/testing/startFakeModelServer';
import type { ModelRunner } from '../runs/ModelRunner';
import { RunOrchestrator } from '../runs/RunOrchestrator';
import { RunStore } from '../runs/RunStore';
import { summarizeRun } from '../runs/summarizeRun';
import { Store } from '../store/Store';
import type { RemoteCasesDeps } from './runRemoteModelCases';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function runStore(): RunStore {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-remote-runs-'));
  const store = Store.open(path.join(dir, 'db.sqlite'));
  cleanups.push(() => {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return new RunStore(store);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const event = (response: http.ServerResponse, payload: unknown): boolean => response.write(`data: ${JSON.stringify(payload)}\n\n`);

async function body(request: http.IncomingMessage): Promise<{ prompt?: string }> {
  const chunks: Buffer[] = [];
  for await (const chunk of request as AsyncIterable<Buffer>) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as { prompt?: string };
}

interface FakeOptions {
  /** The "prompt evaluation" before the first token. */
  promptMs?: number;
  /** Answers a completion request some other way (a status, a stall); return true when handled. */
  intercept?: (request: http.IncomingMessage, response: http.ServerResponse, completions: number) => boolean;
  key?: string;
}

/** An OpenAI-compatible server answering each completion with `<name>:<prompt>` in two tokens, with usage. */
async function fakeServer(name: string, options: FakeOptions = {}): Promise<FakeModelServer & { completions: number }> {
  const state = { completions: 0 };
  const server = await startFakeModelServer((request, response) => {
    void (async () => {
      if (options.key !== undefined && request.headers.authorization !== `Bearer ${options.key}`) {
        response.writeHead(401, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: { message: `Invalid API key: ${request.headers.authorization ?? 'none'}` } }));
        return;
      }
      if (request.url === '/v1/models') {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ object: 'list', data: [{ id: 'tiny' }] }));
        return;
      }
      state.completions += 1;
      if (options.intercept?.(request, response, state.completions) === true) return;
      const { prompt } = await body(request);
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      await sleep(options.promptMs ?? 20);
      event(response, { model: 'tiny', choices: [{ index: 0, text: `${name}:`, finish_reason: null }] });
      await sleep(5);
      event(response, { model: 'tiny', choices: [{ index: 0, text: prompt ?? '', finish_reason: null }] });
      event(response, { choices: [{ index: 0, text: '', finish_reason: 'stop' }] });
      event(response, { choices: [], usage: { prompt_tokens: 4, completion_tokens: 2, total_tokens: 6 } });
      response.end('data: [DONE]\n\n');
    })();
  });
  cleanups.push(() => server.close());
  return {
    ...server,
    get completions() {
      return state.completions;
    },
  };
}

const noLocalModels: ModelRunner = {
  name: (id) => id,
  load: () => Promise.reject(new Error('this test has no local models')),
};

const cases = (n: number): RunCase[] =>
  Array.from({ length: n }, (_, i) => RunCase.parse({ id: `c${i}`, input: { kind: 'completion', prompt: `p${i}` } }));

async function runRemote(endpoints: RemoteEndpointSpecInput[], caseCount: number, deps: RemoteCasesDeps = {}) {
  const runs = runStore();
  const spec = RunSpec.parse({
    name: 'remote',
    models: [{ modelId: remoteModelId('tiny'), label: 'tiny', remote: { api: 'completion', endpoints } }],
    params: { maxTokens: 4 },
    warmup: 0,
  });
  const id = runs.create(spec, cases(caseCount), {});
  const status = await new RunOrchestrator(runs, noLocalModels, deps).execute(id, { signal: new AbortController().signal });
  const results = runs.results(id);
  return { status, results, run: runs.get(id), summary: summarizeRun(runs.get(id), results, runs.scores(id), new Map()) };
}

describe('runRemoteModelCases', () => {
  it('shares the cases among the endpoints by free capacity and records who answered each, with the source of each figure', async () => {
    const wide = await fakeServer('wide', { promptMs: 60 });
    const narrow = await fakeServer('narrow', { promptMs: 60 });
    const { status, results, summary } = await runRemote(
      [
        { baseUrl: `${wide.origin}/v1`, model: 'tiny', concurrency: 3 },
        { baseUrl: `${narrow.origin}/v1`, model: 'tiny', concurrency: 1 },
      ],
      12,
    );
    expect(status).toBe('completed');
    expect(results.map((r) => r.caseId).sort()).toEqual(
      cases(12)
        .map((c) => c.id)
        .sort(),
    );
    for (const r of results) {
      const server = r.output?.split(':')[0];
      expect(r.endpoint).toBe(`${server === 'wide' ? wide.origin : narrow.origin}/v1`);
      expect(r.output).toBe(`${server}:p${r.caseId.slice(1)}`);
    }
    const counts = {
      wide: results.filter((r) => r.endpoint?.startsWith(wide.origin)).length,
      narrow: results.filter((r) => r.endpoint?.startsWith(narrow.origin)).length,
    };
    // Three slots against one: the wide endpoint takes about three quarters of the cases.
    expect(counts.wide).toBeGreaterThanOrEqual(8);
    expect(counts.narrow).toBeGreaterThanOrEqual(2);
    const [first] = results;
    expect(first?.timings?.timeToFirstTokenMs).toBeGreaterThanOrEqual(55);
    expect(first?.timings?.promptTokens).toBe(4);
    // Server memory cannot be known over plain OpenAI: unknown, not zero.
    expect(first?.memory).toBeNull();
    expect(first?.provenance).toMatchObject({
      timeToFirstTokenMs: 'measured-locally',
      promptTokens: 'reported-by-server',
      generatedTokens: 'reported-by-server',
      peakRssBytes: 'unknown',
    });
    const endpoints = summary.models[0]?.endpoints ?? [];
    expect(endpoints.map((e) => [e.endpoint, e.results, e.errors, e.generatedTokens, e.down])).toEqual([
      [`${wide.origin}/v1`, counts.wide, 0, counts.wide * 2, null],
      [`${narrow.origin}/v1`, counts.narrow, 0, counts.narrow * 2, null],
    ]);
    expect(endpoints[0]?.tokensPerSecond).toBeGreaterThan(endpoints[1]?.tokensPerSecond ?? Infinity);
  });

  it('gives the unfinished cases of an endpoint that dies to the others, each case exactly once', async () => {
    const survivor = await fakeServer('survivor', { promptMs: 30 });
    const doomed: { server?: FakeModelServer } = {};
    const server = await fakeServer('doomed', {
      promptMs: 30,
      intercept: (_request, response, n) => {
        if (n < 3) return false;
        // The third request: the server dies with requests in flight and nothing listens any more.
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        void doomed.server?.close();
        return true;
      },
    });
    doomed.server = server;
    const { status, results, summary, run } = await runRemote(
      [
        { baseUrl: `${server.origin}/v1`, model: 'tiny', concurrency: 2, retries: 1 },
        { baseUrl: `${survivor.origin}/v1`, model: 'tiny', concurrency: 1 },
      ],
      10,
    );
    expect(status).toBe('completed');
    expect(results.map((r) => r.caseId).sort()).toEqual(
      cases(10)
        .map((c) => c.id)
        .sort(),
    );
    expect(results.every((r) => r.error === null)).toBe(true);
    const fromDoomed = results.filter((r) => r.endpoint?.startsWith(server.origin));
    expect(fromDoomed.length).toBeLessThanOrEqual(2);
    expect(results.filter((r) => r.endpoint?.startsWith(survivor.origin))).toHaveLength(10 - fromDoomed.length);
    const down = summary.models[0]?.endpoints?.[0]?.down;
    expect(down).toMatch(/closed the stream|was cut|request to .* failed|Nothing is listening/);
    expect(run.environment).toMatchObject({
      endpointsDown: { [`m0:${remoteModelId('tiny')}`]: { [`${server.origin}/v1`]: expect.any(String) as unknown } },
    });
  });

  it('explains a refused API key once per case, without the key, and sends no case to that endpoint', async () => {
    const server = await fakeServer('locked', { key: 'right-key' });
    const { status, results, summary } = await runRemote(
      [{ baseUrl: `${server.origin}/v1`, model: 'tiny', apiKeyEnv: 'TEST_REMOTE_KEY' }],
      2,
      { env: { TEST_REMOTE_KEY: 'wrong-key-123' } },
    );
    expect(status).toBe('completed');
    expect(results).toHaveLength(2);
    for (const r of results) {
      expect(r.error?.message).toMatch(
        /No endpoint of tiny is usable.*The server refused the API key for http:\/\/127\.0\.0\.1:\d+\/v1 \(401\): Invalid API key: Bearer \[API key\]; check the key in the TEST_REMOTE_KEY environment variable\./,
      );
      expect(r.error?.message).not.toContain('wrong-key-123');
    }
    expect(server.completions).toBe(0);
    expect(summary.models[0]?.errors).toBe(2);
    expect(summary.models[0]?.endpoints?.[0]?.down).toMatch(/refused the API key/);
  });

  it("sends a key kept in the app's keychain by its name, and says headless that only apiKeyEnv works there", async () => {
    const server = await fakeServer('locked', { key: 'stored-key' });
    const endpoint = { baseUrl: `${server.origin}/v1`, model: 'tiny', apiKeyName: 'gpu box' };
    const apiKeys = { get: (name: string) => Promise.resolve(name === 'gpu box' ? 'stored-key' : null) };
    const inApp = await runRemote([endpoint], 1, { apiKeys });
    expect(inApp.results[0]?.output).toBe('locked:p0');
    const headless = await runRemote([endpoint], 1);
    expect(headless.results[0]?.error?.message).toMatch(
      /"gpu box" for http:\/\/127\.0\.0\.1:\d+\/v1 is kept in the desktop app's keychain.*apiKeyEnv/,
    );
    const missing = await runRemote([{ ...endpoint, apiKeyName: 'other' }], 1, { apiKeys });
    expect(missing.results[0]?.error?.message).toMatch(/No API key named "other" is stored/);
    // A stored key the server refuses is named where the user keeps it, not as an apiKey setting.
    const stale = await runRemote([endpoint], 1, { apiKeys: { get: () => Promise.resolve('old-key') } });
    expect(stale.results[0]?.error?.message).toMatch(/check the key in the stored key "gpu box" \(Models → API keys\)\./);
    expect(stale.results[0]?.error?.message).not.toContain('old-key');
  });

  it('turns a stalled answer into an error after a timeout and a retry, and goes on with the next case', async () => {
    const server = await fakeServer('slow', { intercept: (_q, _r, n) => n <= 2 });
    const started = performance.now();
    const { status, results } = await runRemote([{ baseUrl: `${server.origin}/v1`, model: 'tiny', timeoutMs: 200, retries: 1 }], 2);
    expect(status).toBe('completed');
    const [stalled, answered] = results;
    expect(stalled?.error?.message).toMatch(/did not start answering within 0\.2 s; .*raise timeoutMs\. \(2 attempts\)$/);
    expect(stalled?.endpoint).toBe(`${server.origin}/v1`);
    expect(answered?.output).toBe('slow:p1');
    expect(server.completions).toBe(3);
    expect(performance.now() - started).toBeGreaterThanOrEqual(2 * 200 - 5);
  });

  it('records a case the server refuses as an error with its words, and runs the others', async () => {
    const server = await fakeServer('picky', {
      intercept: (_q, response, n) => {
        if (n !== 1) return false;
        response.writeHead(400, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: { message: 'the prompt is too long for the context' } }));
        return true;
      },
    });
    const { results, summary } = await runRemote([{ baseUrl: `${server.origin}/v1`, model: 'tiny' }], 3);
    expect(results.filter((r) => r.error !== null).map((r) => r.error?.message)).toEqual([
      expect.stringMatching(/refused the request \(400\): the prompt is too long for the context;/),
    ]);
    expect(results.filter((r) => r.output !== null)).toHaveLength(2);
    expect(summary.models[0]?.endpoints?.[0]).toMatchObject({ results: 3, errors: 1, down: null });
  });

  it('says why when no endpoint can be used: nothing listening, an unset key variable', async () => {
    const gone = await fakeServer('gone');
    await gone.close();
    const { results } = await runRemote(
      [
        { baseUrl: `${gone.origin}/v1`, model: 'tiny' },
        { baseUrl: 'http://127.0.0.1:9/v1', model: 'tiny', apiKeyEnv: 'TEST_UNSET_KEY' },
      ],
      2,
      { env: {} },
    );
    expect(results).toHaveLength(2);
    for (const r of results) {
      expect(r.error?.message).toMatch(/Nothing is listening at http:\/\/127\.0\.0\.1:\d+\/v1 \(connection refused\)/);
      expect(r.error?.message).toMatch(/TEST_UNSET_KEY environment variable, which is not set/);
    }
  });
});
