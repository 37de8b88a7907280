import fs from 'node:fs/promises';
import path from 'node:path';
import { getLlama, LlamaLogLevel, type Llama, type LlamaContext, type LlamaContextSequence, type LlamaModel } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFixtures } from '../../gguf/fixtureCache';
import { multipleChoiceFigures, type MultipleChoiceItem } from '../../loglikelihood/multipleChoice';
import { parseMultipleChoiceJsonl } from '../../loglikelihood/parseMultipleChoiceJsonl';
import { scoreChoicesLocal } from '../../loglikelihood/scoreChoicesLocal';
import { openRemoteScoring, probeLoglikelihood, scoreChoicesRemote, type RemoteScoring } from '../../loglikelihood/scoreChoicesRemote';
import { startWorkerServer, type RunningWorkerServer } from './startWorkerServer';

const workerScript = process.env.EVALBENCH_TEST_WORKER ?? '';
const SET = path.resolve(import.meta.dirname, '../../../../../resources/examples/skills-choice.jsonl');
// One thread: test files run in parallel on two cores (see Engine.model.test.ts).
const CPU = { backend: 'cpu', contextSize: 128, threads: 1 } as const;
const TOKEN = 'worker-loglikelihood-token-0123456789';

let server: RunningWorkerServer;
let llama: Llama;
let model: LlamaModel;
let context: LlamaContext;
let sequence: LlamaContextSequence;
let items: MultipleChoiceItem[];
const log: string[] = [];

beforeAll(async () => {
  expect(workerScript, 'vitest.globalSetup.ts builds the worker').not.toBe('');
  const fixtures = await ensureFixtures({ skilled: true });
  const parsed = parseMultipleChoiceJsonl(await fs.readFile(SET, 'utf8'), SET);
  expect(parsed.errors).toEqual([]);
  items = parsed.items;
  server = await startWorkerServer({
    modelPath: fixtures.files.f32,
    workerScript,
    host: '127.0.0.1',
    port: 0,
    token: TOKEN,
    load: CPU,
    onLog: (line) => log.push(line),
  });
  llama = await getLlama({ gpu: false, build: 'never', logLevel: LlamaLogLevel.warn, logger: () => undefined });
  model = await llama.loadModel({ modelPath: fixtures.files.f32 });
  // As the worker's engine makes its context (LoadOptions' defaults: no flash attention, an F16 KV cache),
  // so the two compute the same arithmetic and may be held to 1e-6.
  context = await model.createContext({
    contextSize: 128,
    threads: 1,
    flashAttention: false,
    experimentalKvCacheKeyType: 'F16',
    experimentalKvCacheValueType: 'F16',
  });
  sequence = context.getSequence();
}, 120_000);
afterAll(async () => {
  await server.close();
  await context.dispose();
  await model.dispose();
  await llama.dispose();
});

/** The worker as a run file names it; `apiKey` null sends no key. */
function scoring(apiKey: string | null = TOKEN): RemoteScoring {
  return openRemoteScoring(
    { baseUrl: server.url, model: server.modelName, dialect: 'evalbench', retries: 0 },
    { env: {}, ...(apiKey === null ? {} : { apiKey }) },
  );
}

async function post(
  body: string,
  headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` },
): Promise<{ status: number; body: { error?: { message: string; code: string | null; param: string | null } } }> {
  const response = await fetch(`${server.url}/loglikelihood`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return {
    status: response.status,
    body: (await response.json()) as { error?: { message: string; code: string | null; param: string | null } },
  };
}

describe('evalbench worker: POST /v1/loglikelihood', () => {
  it('scores the example set as a local run does: per-choice sums to 1e-6, token counts (the context’s too), greediness, acc', async () => {
    const remote = scoring();
    expect(await probeLoglikelihood(remote)).toEqual({ ok: true, method: 'evalbench-worker' });
    let acc = 0;
    for (const item of items) {
      const mine = await scoreChoicesLocal(model, sequence, item);
      const theirs = await scoreChoicesRemote(remote, item);
      expect(
        theirs.map((s) => s.tokens),
        item.id,
      ).toEqual(mine.map((s) => s.tokens));
      expect(
        theirs.map((s) => s.greedy),
        item.id,
      ).toEqual(mine.map((s) => s.greedy));
      expect(
        theirs.map((s) => s.contextTokens),
        item.id,
      ).toEqual(mine.map((s) => s.contextTokens));
      theirs.forEach((s, k) => expect(Math.abs(s.logprob - (mine[k]?.logprob ?? NaN)), `${item.id} ${item.choices[k]}`).toBeLessThan(1e-6));
      const local = multipleChoiceFigures(item, mine);
      expect(multipleChoiceFigures(item, theirs).acc, item.id).toBe(local.acc);
      acc += local.acc;
    }
    // The trained fixture knows these: equal scores are not two models that know nothing.
    expect(acc / items.length).toBeGreaterThan(0.5);
    expect(log.some((line) => /^POST \/v1\/loglikelihood 200 4 choices \d+ ms$/.test(line))).toBe(true);
  }, 120_000);

  it('answers in its own shape, with what the worker measured', async () => {
    const answer = await post(JSON.stringify({ model: server.modelName, context: 'capital of Norway =', choices: [' Oslo', ' Rome'] }));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      object: 'loglikelihood',
      model: server.modelName,
      scores: [{ tokens: 5, greedy: true }, { tokens: 5 }],
      evalbench: { queuedMs: expect.any(Number) as unknown, scoringMs: expect.any(Number) as unknown },
    });
  });

  it.each([
    ['not JSON', '{"context":', /not valid JSON/, null],
    ['no choices', JSON.stringify({ context: 'a =' }), /field "choices": Invalid input: expected array/, 'choices'],
    [
      'choices not a list',
      JSON.stringify({ context: 'a =', choices: ' b' }),
      /field "choices": Invalid input: expected array, received string/,
      'choices',
    ],
    [
      'an empty choice',
      JSON.stringify({ context: 'a =', choices: [' b', ''] }),
      /field "choices\[1\]": a choice must not be empty/,
      'choices[1]',
    ],
    ['no choice at all', JSON.stringify({ context: 'a =', choices: [] }), /field "choices": give at least one choice/, 'choices'],
    [
      'a context that is not text',
      JSON.stringify({ context: 7, choices: [' b'] }),
      /field "context": Invalid input: expected string, received number/,
      'context',
    ],
    [
      'an unknown field',
      JSON.stringify({ context: 'a =', choices: [' b'], answer: 0 }),
      /Unrecognized key: "answer" \(a \/v1\/loglikelihood body has model, context and choices\)/,
      null,
    ],
  ])('refuses %s with 400 and a message naming the field', async (_what, body, message, param) => {
    const answer = await post(body);
    expect(answer.status).toBe(400);
    expect(answer.body.error?.message).toMatch(message);
    if (param !== null) expect(answer.body.error?.param).toBe(param);
  });

  it('refuses an item longer than the context with 400, and keeps serving', async () => {
    const answer = await post(JSON.stringify({ context: 'word '.repeat(40), choices: [' more'] }));
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({
      code: 'invalid_item',
      message: expect.stringMatching(
        /^This item cannot be scored: context and choice take \d+ tokens, more than the context size 128\. .*--context/,
      ) as unknown,
    });
    await expect(scoreChoicesRemote(scoring(), { context: 'capital of Norway =', choices: [' Oslo'] })).resolves.toHaveLength(1);
  });

  it('refuses a body over the size limit with 413', async () => {
    const answer = await post(JSON.stringify({ context: 'x'.repeat(9 * 1024 * 1024), choices: [' y'] }));
    expect(answer.status).toBe(413);
  });

  it('needs the token: 401 without it or with another, and the probe says so', async () => {
    expect((await post(JSON.stringify({ context: 'a =', choices: [' b'] }), {})).status).toBe(401);
    expect((await post(JSON.stringify({ context: 'a =', choices: [' b'] }), { authorization: 'Bearer not-the-token' })).status).toBe(401);
    expect(await probeLoglikelihood(scoring(null))).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(await probeLoglikelihood(scoring('not-the-token'))).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it('answers only POST, and only for its own model', async () => {
    const get = await fetch(`${server.url}/loglikelihood`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    const other = await post(JSON.stringify({ model: 'another-model', context: 'a =', choices: [' b'] }));
    expect(other.status).toBe(404);
    expect(other.body.error?.message).toContain(`serves "${server.modelName}", not "another-model"`);
  });
});
