import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { remoteModelId } from '../../../shared/remoteModel';
import { RunCase, RunSpec } from '../../../shared/runs';
import type { ChoiceScore } from '../loglikelihood/multipleChoice';
import { startFakeScoringServer } from '../loglikelihood/remote/testing/fakeScoringServer';
import { toyLm } from '../loglikelihood/remote/testing/toyLm';
import { scoreChoicesRemote, openRemoteScoring } from '../loglikelihood/scoreChoicesRemote';
import { Store } from '../store/Store';
import type { LoadedRunner, ModelRunner } from './ModelRunner';
import { RunOrchestrator } from './RunOrchestrator';
import { resultKey, RunStore } from './RunStore';
import { summarizeRun } from './summarizeRun';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function runStore(): RunStore {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-ll-runs-'));
  const store = Store.open(path.join(dir, 'db.sqlite'));
  cleanups.push(() => {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return new RunStore(store);
}

const cases = [
  RunCase.parse({
    id: 'fr',
    input: { kind: 'completion', prompt: 'capital of France =' },
    loglikelihood: { choices: [' Oslo', ' Paris', ' Lima'], answer: 1 },
  }),
  RunCase.parse({ id: 'gen', input: { kind: 'completion', prompt: '2+2=' }, expected: ['4'], scorers: [{ type: 'exact' }] }),
];

const timings = {
  timeToFirstTokenMs: 1,
  promptTokens: 3,
  promptTokensPerSecond: 3000,
  generatedTokens: 1,
  generationTokensPerSecond: null,
  totalMs: 2,
};

/** A runner whose generations answer "4" and whose choice scores a test gives (none: it cannot score choices). */
function runner(scores: ChoiceScore[] | null, calls: string[]): ModelRunner {
  return {
    name: (id) => id,
    load: () => {
      const loaded: LoadedRunner = {
        pid: undefined,
        info: null,
        generate: () => {
          calls.push('generate');
          return Promise.resolve({ text: '4', stopReason: 'eos', timings, memory: { peakRssBytes: 1, rssBytes: 1, vramUsedBytes: null } });
        },
        unload: () => Promise.resolve(),
      };
      if (scores !== null) {
        loaded.scoreChoices = (item) => {
          calls.push(`score ${item.context} | ${item.choices.join(',')}`);
          return Promise.resolve(scores);
        };
        loaded.memory = () => Promise.resolve({ peakRssBytes: 7, rssBytes: 5, vramUsedBytes: null });
      }
      return Promise.resolve(loaded);
    },
  };
}

describe('log-likelihood cases in a run', () => {
  it('scores the choices instead of generating, stores them with acc, acc_norm and P(correct), and a resume runs nothing again', async () => {
    const runs = runStore();
    const calls: string[] = [];
    // " Lima" wins the sum, " Paris" the per-byte norm (5 bytes against 4). The context's tokens
    // are kept where the scorer counted them (a scorer that did not gives none).
    const scores = [
      { logprob: -9, tokens: 2, greedy: false },
      { logprob: -2.5, tokens: 2, greedy: false, contextTokens: 6 },
      { logprob: -2.4, tokens: 2, greedy: true, contextTokens: 6 },
    ];
    const spec = RunSpec.parse({ name: 'mc', models: [{ modelId: 'f32' }], warmup: 0 });
    const id = runs.create(spec, cases, {});
    const orchestrator = new RunOrchestrator(runs, runner(scores, calls));
    expect(await orchestrator.execute(id, { signal: new AbortController().signal })).toBe('completed');
    expect(calls).toEqual(['score capital of France = |  Oslo, Paris, Lima', 'generate']);
    const [fr, gen] = runs.scoredResults(id).sort((a, b) => a.caseId.localeCompare(b.caseId));
    expect(fr?.loglikelihood).toMatchObject({ choices: scores, acc: 0, accNorm: 1, predicted: 2, predictedNorm: 1 });
    expect(fr?.loglikelihood?.choices.map((c) => c.contextTokens)).toEqual([undefined, 6, 6]);
    const expectedProb = Math.exp(-2.5) / (Math.exp(-9) + Math.exp(-2.5) + Math.exp(-2.4));
    expect(fr?.loglikelihood?.probCorrect).toBeCloseTo(expectedProb, 12);
    // The worker's memory after scoring is kept; no generation timings.
    expect([fr?.output, fr?.stopReason, fr?.timings, fr?.memory]).toEqual([
      ' Lima',
      null,
      null,
      { peakRssBytes: 7, rssBytes: 5, vramUsedBytes: null },
    ]);
    expect(fr?.scores.map((s) => [s.label, s.weight, s.score, s.passed])).toEqual([
      ['acc', 1, 0, false],
      ['acc_norm', 0, 1, true],
      ['P(correct)', 0, fr?.loglikelihood?.probCorrect, null],
    ]);
    expect(fr?.scores[0]?.explanation).toBe('" Lima" has the highest log-likelihood; the right choice is " Paris".');
    // The generated case beside it is untouched.
    expect([gen?.output, gen?.loglikelihood, gen?.scores.map((s) => s.passed)]).toEqual(['4', null, [true]]);

    const summary = summarizeRun(runs.get(id), runs.results(id), runs.scores(id), new Map());
    expect(summary.models[0]?.loglikelihood).toMatchObject({ items: 1, acc: { estimate: 0 }, accNorm: { estimate: 1 }, comparison: null });

    calls.length = 0;
    await orchestrator.execute(id, { signal: new AbortController().signal });
    expect(calls).toEqual([]);
    expect(runs.finishedKeys(id).has(resultKey('m0:f32', 'fr', 0))).toBe(true);
  });

  it('fails a log-likelihood case, saying why, on a model that cannot score choices, and runs the rest', async () => {
    const runs = runStore();
    const calls: string[] = [];
    const id = runs.create(RunSpec.parse({ name: 'mc', models: [{ modelId: 'f32', label: 'F32' }], warmup: 0 }), cases, {});
    expect(await new RunOrchestrator(runs, runner(null, calls)).execute(id, { signal: new AbortController().signal })).toBe('completed');
    const fr = runs.results(id).find((r) => r.caseId === 'fr');
    expect(fr?.error).toMatchObject({
      kind: 'internal',
      message: 'F32 cannot score log-likelihood: its runner gives no log-probabilities.',
    });
    expect(calls).toEqual(['generate']);
  });

  it('fails a remote model’s log-likelihood cases with “cannot score log-likelihood”, naming the endpoint, when it returns no prompt log-probabilities', async () => {
    const runs = runStore();
    const fetched: string[] = [];
    const json = (body: unknown, status = 200): Promise<Response> =>
      Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));
    // A server that lists its model and completes, but never returns log-probabilities (nor tokenizes).
    const fakeFetch: typeof fetch = (input) => {
      const url = String(input instanceof Request ? input.url : input);
      fetched.push(url);
      if (url.endsWith('/models')) return json({ object: 'list', data: [{ id: 'tiny' }] });
      if (url.endsWith('/completions'))
        return json({ object: 'text_completion', choices: [{ index: 0, text: '', finish_reason: 'length', logprobs: null }] });
      return json({ error: { message: 'not found' } }, 404);
    };
    const spec = RunSpec.parse({
      name: 'remote',
      models: [
        {
          modelId: remoteModelId('tiny'),
          label: 'tiny',
          remote: { api: 'completion', endpoints: [{ baseUrl: 'http://127.0.0.1:9/v1', model: 'tiny' }] },
        },
      ],
      warmup: 0,
    });
    const id = runs.create(spec, [cases[0] as RunCase], {});
    const noLocal: ModelRunner = { name: (m) => m, load: () => Promise.reject(new Error('no local models here')) };
    expect(await new RunOrchestrator(runs, noLocal, { fetch: fakeFetch }).execute(id, { signal: new AbortController().signal })).toBe(
      'completed',
    );
    const [fr] = runs.results(id);
    expect(fr?.endpoint).toBe('http://127.0.0.1:9/v1');
    expect(fr?.error?.kind).toBe('failed');
    expect(fr?.error?.message).toMatch(/^http:\/\/127\.0\.0\.1:9\/v1 cannot score log-likelihood: /);
    // The scorer probed the endpoint; no generation was asked for the case.
    expect(fetched.some((url) => url.endsWith('/completions'))).toBe(true);
    expect(fr?.output ?? '').toBe('');
  });
  it('scores a remote model’s log-likelihood cases through a vLLM endpoint that echoes prompt log-probabilities, as scoring it directly does', async () => {
    const server = await startFakeScoringServer('vllm', toyLm());
    cleanups.push(() => void server.close());
    // The fake scores; the model list the run checks first comes from here.
    const withModels: typeof fetch = (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      if (url.endsWith('/v1/models'))
        return Promise.resolve(
          new Response(JSON.stringify({ object: 'list', data: [{ id: 'toy' }] }), {
            status: 200,
            headers: { 'content-type': 'application/json' },
          }),
        );
      return fetch(input, init);
    };
    const runs = runStore();
    const spec = RunSpec.parse({
      name: 'remote',
      models: [
        {
          modelId: remoteModelId('toy'),
          label: 'toy',
          remote: { api: 'completion', endpoints: [{ baseUrl: `${server.origin}/v1`, model: 'toy', dialect: 'vllm' }] },
        },
      ],
      warmup: 0,
    });
    const id = runs.create(spec, [cases[0] as RunCase], {});
    const noLocal: ModelRunner = { name: (m) => m, load: () => Promise.reject(new Error('no local models here')) };
    expect(await new RunOrchestrator(runs, noLocal, { fetch: withModels }).execute(id, { signal: new AbortController().signal })).toBe(
      'completed',
    );
    const [fr] = runs.results(id);
    expect(fr?.error).toBeNull();
    const direct = await scoreChoicesRemote(
      openRemoteScoring({ baseUrl: `${server.origin}/v1`, model: 'toy', dialect: 'vllm', retries: 0 }, { env: {} }),
      { context: 'capital of France =', choices: [' Oslo', ' Paris', ' Lima'] },
    );
    expect(fr?.loglikelihood?.choices.map((c) => c.logprob)).toEqual(direct.map((c) => c.logprob));
  });
});
