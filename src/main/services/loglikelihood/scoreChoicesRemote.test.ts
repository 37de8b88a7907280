import { afterEach, describe, expect, it } from 'vitest';
import { startFakeModelServer, type FakeModelServer } from '../models/download/testing/startFakeModelServer';
import { encodePair, type ChoiceScore, type MultipleChoiceItem } from './multipleChoice';
import { startFakeScoringServer, type FakeKind, type FakeLm, type FakeOptions } from './remote/testing/fakeScoringServer';
import { toyLm } from './remote/testing/toyLm';
import { remoteScorerFromEngineConfig } from './remote/remoteScorerFromEngineConfig';
import { loglikelihoodErrorValue, openRemoteScoring, probeLoglikelihood, scoreChoicesRemote } from './scoreChoicesRemote';
import type { ServerDialect } from '../../../shared/remoteModel';

/** What the choices should score: lm-eval's split by the toy tokenizer, the toy log-probabilities summed. */
async function expected(lm: FakeLm, item: Pick<MultipleChoiceItem, 'context' | 'choices'>): Promise<ChoiceScore[]> {
  return Promise.all(
    item.choices.map(async (choice) => {
      const pair = encodePair((text) => lm.tokenize(text), item.context, choice, lm.bos);
      const scores = await lm.score([...pair.context, ...pair.continuation]);
      const mine = scores.slice(pair.context.length - 1);
      return {
        logprob: mine.reduce((s, x) => s + x.logprob, 0),
        tokens: pair.continuation.length,
        greedy: mine.every((x) => x.logprob === -0.1),
      };
    }),
  );
}

const ITEM = { context: 'Question: the capital of France is', choices: [' Paris', ' the city of Lyon', ' Rome'] };
const servers: FakeModelServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function fake(kind: FakeKind, lm: FakeLm, options: FakeOptions = {}): Promise<Awaited<ReturnType<typeof startFakeScoringServer>>> {
  const server = await startFakeScoringServer(kind, lm, options);
  servers.push(server);
  return server;
}

const open = (origin: string, dialect: ServerDialect, extra: Record<string, unknown> = {}): ReturnType<typeof openRemoteScoring> =>
  openRemoteScoring({ baseUrl: `${origin}/v1`, model: 'toy', dialect, retries: 0, ...extra }, { env: {} });

describe('scoreChoicesRemote', () => {
  it.each([
    ['vllm', 'vllm', 'echo-token-ids'],
    ['vllm-no-echo', 'vllm', 'prompt-logprobs'],
    ['openai-text', 'openai', 'echo-text'],
    ['vllm', 'openai', 'echo-text'],
    ['llama-server', 'llama-server', 'llama-server-forced'],
  ] as const)('a %s server with dialect %s is scored by %s, summing exactly the continuation tokens', async (kind, dialect, method) => {
    const lm = toyLm();
    const server = await fake(kind, lm);
    const scoring = open(server.origin, dialect);
    expect(await probeLoglikelihood(scoring)).toEqual({ ok: true, method });
    const scores = await scoreChoicesRemote(scoring, ITEM);
    const want = await expected(lm, ITEM);
    expect(scores.map((s) => s.tokens)).toEqual([1, 4, 1]);
    // Counted where the tokens are split here; an endpoint that echoes text splits them itself.
    const contextTokens = ITEM.choices.map((c) => encodePair((text) => lm.tokenize(text), ITEM.context, c, lm.bos).context.length);
    expect(scores.map((s) => s.contextTokens)).toEqual(method === 'echo-text' ? [undefined, undefined, undefined] : contextTokens);
    scores.forEach((s, i) => {
      expect(s.logprob).toBeCloseTo(want[i]?.logprob ?? NaN, 12);
      expect(s.greedy).toBe(want[i]?.greedy);
    });
  });

  it('sends all choices of an item in one request where the API takes a prompt list, and probes once', async () => {
    const lm = toyLm();
    const server = await fake('vllm', lm);
    const scoring = open(server.origin, 'vllm');
    await scoreChoicesRemote(scoring, ITEM);
    await scoreChoicesRemote(scoring, { context: 'Two plus two is', choices: [' four', ' five'] });
    const completions = server.bodies.filter((b) => b.path === '/v1/completions');
    // One probe, then one request per item, each with every choice of the item.
    expect(completions.map((b) => (b.body.prompt as unknown[]).length)).toEqual([1, 3, 2]);
    expect(completions[1]?.body).toMatchObject({ echo: true, logprobs: 1, max_tokens: 0 });
  });

  it('llama-server: one forced token per continuation token, with the prefix as token ids and no BOS added twice', async () => {
    const lm = toyLm();
    const server = await fake('llama-server', lm);
    const scoring = open(server.origin, 'llama-server');
    await scoreChoicesRemote(scoring, ITEM);
    const forced = server.bodies.filter((b) => b.path === '/v1/completions').slice(1);
    expect(forced).toHaveLength(6);
    const first = forced[0]?.body;
    expect(first).toMatchObject({ n_probs: 1, max_tokens: 1, post_sampling_probs: false });
    expect((first?.prompt as number[])[0]).toBe(1);
    expect((first?.prompt as number[]).filter((t) => t === 1)).toHaveLength(1);
    expect(first?.logit_bias).toEqual([[lm.tokenize(' Paris')[0], 1000]]);
  });

  it('with text prompts, a token that straddles the context’s end stays with the context, as lm-eval’s split leaves it', async () => {
    const lm = toyLm();
    const server = await fake('openai-text', lm);
    const scoring = open(server.origin, 'openai');
    // "un" + "believable thing": the toy tokenizer makes " unbelievable" one token across the boundary.
    const [score] = await scoreChoicesRemote(scoring, { context: 'The word is un', choices: ['believable thing'] });
    const ids = [1, ...lm.tokenize('The word is unbelievable thing')];
    const all = await lm.score(ids);
    expect(score?.tokens).toBe(1);
    expect(score?.logprob).toBeCloseTo(all.at(-1)?.logprob ?? NaN, 12);
    await expect(scoreChoicesRemote(scoring, { context: 'The word is un', choices: ['believable'] })).rejects.toThrow(
      /no tokens of its own/,
    );
  });

  it('a vLLM whose /tokenize is out of reach is scored by echo with text prompts', async () => {
    const lm = toyLm();
    const server = await fake('vllm', lm, { noTokenize: true });
    const scoring = open(server.origin, 'vllm');
    expect(await probeLoglikelihood(scoring)).toEqual({ ok: true, method: 'echo-text' });
    expect((await scoreChoicesRemote(scoring, ITEM)).map((s) => s.logprob)).toEqual((await expected(lm, ITEM)).map((s) => s.logprob));
  });

  it('with text prompts, allows for a server that shows the BOS as text in its offsets', async () => {
    const lm = toyLm();
    const server = await fake('openai-text', lm, { bosText: '<s>' });
    const scoring = open(server.origin, 'openai');
    const scores = await scoreChoicesRemote(scoring, ITEM);
    const want = await expected(lm, ITEM);
    expect(scores.map((s) => s.logprob)).toEqual(want.map((w) => w.logprob));
  });

  it('a server without prompt log-probabilities gives the clear error value, probed once', async () => {
    const server = await fake('no-logprobs', toyLm());
    const scoring = open(server.origin, 'ollama');
    const probe = await probeLoglikelihood(scoring);
    expect(probe).toEqual({
      ok: false,
      error: {
        code: 'loglikelihood-unsupported',
        message: expect.stringMatching(new RegExp(`^${server.origin}/v1 cannot score log-likelihood: .*echo`)) as unknown,
        hint: expect.stringContaining('vllm') as unknown,
      },
    });
    const requests = server.requests.length;
    await expect(scoreChoicesRemote(scoring, ITEM)).rejects.toThrow(/cannot score log-likelihood/);
    expect(server.requests.length).toBe(requests);
  });

  it('llama-server named as an OpenAI server: its refusal of echo is the reason given', async () => {
    const server = await fake('llama-server', toyLm());
    const probe = await probeLoglikelihood(open(server.origin, 'openai'));
    expect(probe.ok).toBe(false);
    if (!probe.ok) expect(probe.error.message).toMatch(/cannot score log-likelihood: .*Only no echo is supported/);
  });

  it('a llama-server that ignores logit_bias cannot be scored, and says so', async () => {
    const server = await fake('llama-server', toyLm(), { ignoreBias: true });
    const probe = await probeLoglikelihood(open(server.origin, 'llama-server'));
    expect(probe.ok).toBe(false);
    if (!probe.ok)
      expect(probe.error).toMatchObject({ code: 'loglikelihood-unsupported', message: expect.stringContaining('logit_bias') as unknown });
  });

  it('an Evalbench worker is asked through its /v1/loglikelihood; one without it (an older version) is reported unsupported, with the update as the fix', async () => {
    const server = await fake('vllm', toyLm());
    const probe = await probeLoglikelihood(open(server.origin, 'evalbench'));
    expect(probe).toMatchObject({
      ok: false,
      error: {
        code: 'loglikelihood-unsupported',
        message: expect.stringMatching(
          /cannot score log-likelihood: it refused its \/v1\/loglikelihood \(Not Found: \/v1\/loglikelihood\)/,
        ) as unknown,
        hint: expect.stringContaining('update Evalbench on the worker') as unknown,
      },
    });
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /v1/loglikelihood']);
  });

  it('an Evalbench worker: the item goes whole to /v1/loglikelihood with the model name, its scores come back as they are, and a wrong answer is a protocol error', async () => {
    const bodies: unknown[] = [];
    let scoresPerAnswer = -1;
    const worker = await startFakeModelServer((request, response) => {
      let text = '';
      request.on('data', (c: Buffer) => (text += c.toString()));
      request.on('end', () => {
        const body = JSON.parse(text) as { choices: string[] };
        bodies.push(body);
        const n = scoresPerAnswer < 0 ? body.choices.length : scoresPerAnswer;
        const scores = Array.from({ length: n }, (_, i) => ({ logprob: -1.5 * (i + 1), tokens: i + 1, greedy: i === 0 }));
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ object: 'loglikelihood', model: 'toy', scores, evalbench: { queuedMs: 0, scoringMs: 1 } }));
      });
    });
    servers.push(worker);
    const scoring = open(worker.origin, 'evalbench');
    expect(await probeLoglikelihood(scoring)).toEqual({ ok: true, method: 'evalbench-worker' });
    expect(await scoreChoicesRemote(scoring, ITEM)).toEqual([
      { logprob: -1.5, tokens: 1, greedy: true },
      { logprob: -3, tokens: 2, greedy: false },
      { logprob: -4.5, tokens: 3, greedy: false },
    ]);
    expect(bodies.at(-1)).toEqual({ model: 'toy', context: ITEM.context, choices: ITEM.choices });
    expect(worker.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /v1/loglikelihood', 'POST /v1/loglikelihood']);
    scoresPerAnswer = 2;
    const short = await scoreChoicesRemote(scoring, ITEM).catch((e: unknown) => e);
    expect(loglikelihoodErrorValue(short)).toMatchObject({
      code: 'protocol',
      message: expect.stringContaining('scored 2 choices of an item that has 3') as unknown,
    });
  });

  it('HTTP errors and timeouts come back as error values naming the endpoint', async () => {
    const failing = await startFakeModelServer((_request, response) => {
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { message: 'CUDA out of memory' } }));
    });
    servers.push(failing);
    const broken = await probeLoglikelihood(open(failing.origin, 'vllm'));
    expect(broken).toMatchObject({
      ok: false,
      error: { code: 'server_error', message: expect.stringContaining('CUDA out of memory') as unknown },
    });

    const locked = await startFakeModelServer((_request, response) => {
      response.writeHead(401, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { message: 'Invalid API key' } }));
    });
    servers.push(locked);
    const refused = await probeLoglikelihood(open(locked.origin, 'openai'));
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'unauthorized', message: expect.stringContaining(locked.origin) as unknown },
    });

    const silent = await startFakeModelServer(() => undefined);
    servers.push(silent);
    const started = performance.now();
    const slow = await probeLoglikelihood(open(silent.origin, 'vllm', { timeoutMs: 150 }));
    expect(slow).toMatchObject({
      ok: false,
      error: { code: 'timeout', message: expect.stringContaining('did not answer POST /tokenize within 0.15 s') as unknown },
    });
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('a request that fails after the probe is an error value too, and a cancelled one is cancelled', async () => {
    const lm = toyLm();
    const server = await fake('vllm', lm);
    const scoring = open(server.origin, 'vllm');
    await scoreChoicesRemote(scoring, ITEM);
    await server.close();
    const error = await scoreChoicesRemote(scoring, ITEM).catch((e: unknown) => e);
    expect(loglikelihoodErrorValue(error)).toMatchObject({ code: 'network', message: expect.stringContaining(server.origin) as unknown });
    const controller = new AbortController();
    controller.abort();
    const cancelled = await scoreChoicesRemote(scoring, ITEM, controller.signal).catch((e: unknown) => e);
    expect(loglikelihoodErrorValue(cancelled).code).toBe('cancelled');
  });

  it('a run’s remote endpoint settings make a scorer: the key, the retries and the fetch it is given', async () => {
    const lm = toyLm();
    const server = await fake('vllm', lm);
    let calls = 0;
    const flaky: typeof fetch = (input, init) => {
      calls += 1;
      return calls === 1
        ? Promise.resolve(new Response('{"error":{"message":"warming up"}}', { status: 503, headers: { 'retry-after': '0' } }))
        : fetch(input, init);
    };
    const score = remoteScorerFromEngineConfig(
      { baseUrl: `${server.origin}/v1`, model: 'toy', dialect: 'vllm', apiKey: 'k-1', retries: 1, retryDelayMs: 1 },
      { fetch: flaky },
    );
    const scores = await score(ITEM, { signal: new AbortController().signal });
    expect(scores.map((s) => s.logprob)).toEqual((await expected(lm, ITEM)).map((s) => s.logprob));
    expect(server.requests.every((r) => r.headers.authorization === 'Bearer k-1')).toBe(true);
    expect(calls).toBe(server.requests.length + 1);
    expect(() =>
      remoteScorerFromEngineConfig({ baseUrl: `${server.origin}/v1`, model: 'toy', apiKeyEnv: 'NO_SUCH_KEY_VAR' }, { env: {} }),
    ).toThrow(/NO_SUCH_KEY_VAR environment variable, which is not set/);
  });
});
