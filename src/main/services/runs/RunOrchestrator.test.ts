import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { GenerationResult } from '../../../shared/engine';
import { RunCase, RunSpec, type RunOutput, type RunProgress } from '../../../shared/runs';
import { WorkerError } from '../engine/WorkerHandle';
import { Store } from '../store/Store';
import type { ModelRunner } from './ModelRunner';
import { RunOrchestrator } from './RunOrchestrator';
import { resultKey, RunStore } from './RunStore';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-runs-'));
  const store = Store.open(path.join(dir, 'db.sqlite'));
  cleanups.push(() => {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return new RunStore(store);
}

const cases: RunCase[] = ['a', 'b', 'c'].map((id) => RunCase.parse({ id, input: { kind: 'completion', prompt: `case ${id}` } }));

function result(text: string): GenerationResult {
  return {
    text,
    stopReason: 'eos',
    timings: {
      timeToFirstTokenMs: 1,
      promptTokens: 3,
      promptTokensPerSecond: 3000,
      generatedTokens: 2,
      generationTokensPerSecond: 1000,
      totalMs: 2,
    },
    memory: { peakRssBytes: 1, rssBytes: 1, vramUsedBytes: null },
  };
}

/** A runner whose models answer "<model>:<prompt>", and whose behaviour per call a test decides. */
function fakeRunner(
  onGenerate: (modelId: string, prompt: string, signal: AbortSignal) => GenerationResult | Promise<GenerationResult> = (m, p) =>
    result(`${m}:${p}`),
) {
  const loads: string[] = [];
  const runner: ModelRunner = {
    name: (id) => `model ${id}`,
    contentHash: (id) => `sha-of-${id}`,
    load: (modelId) => {
      loads.push(modelId);
      return Promise.resolve({
        pid: undefined,
        info: null,
        generate: async (input, _params, { signal }) => onGenerate(modelId, input.kind === 'completion' ? input.prompt : '', signal),
        unload: () => Promise.resolve(),
      });
    },
  };
  return { runner, loads };
}

const spec = RunSpec.parse({ name: 'quant comparison', models: [{ modelId: 'q8' }, { modelId: 'q4' }], repetitions: 2, warmup: 0 });

/** A runner that logs loads, generations and unloads in the order they happen. */
function loggingRunner() {
  const log: string[] = [];
  const runner: ModelRunner = {
    name: (id) => id,
    load: (modelId) => {
      log.push(`load ${modelId}`);
      return Promise.resolve({
        pid: undefined,
        info: null,
        generate: (input) => {
          log.push(`${modelId}:${input.kind === 'completion' ? input.prompt : ''}`);
          return Promise.resolve(result('x'));
        },
        unload: () => {
          log.push(`unload ${modelId}`);
          return Promise.resolve();
        },
      });
    },
  };
  return { runner, log };
}

describe('RunOrchestrator: order and warm-up of timing runs', () => {
  it('warms each model up with one untimed generation by default, before its timed cases', async () => {
    const runs = setup();
    const id = runs.create(RunSpec.parse({ name: 'n', models: [{ modelId: 'q8' }, { modelId: 'q4' }] }), cases, {});
    const { runner, log } = loggingRunner();
    await new RunOrchestrator(runs, runner).execute(id, { signal: new AbortController().signal });
    expect(log).toEqual([
      'load q8',
      'q8:case a',
      'q8:case a',
      'q8:case b',
      'q8:case c',
      'unload q8',
      'load q4',
      'q4:case a',
      'q4:case a',
      'q4:case b',
      'q4:case c',
      'unload q4',
    ]);
    expect(runs.results(id)).toHaveLength(6);
  });

  it('interleaves the models case by case in ABBA order, all loaded and warmed up first, and resumes the same way', async () => {
    const runs = setup();
    const id = runs.create(RunSpec.parse({ name: 'n', order: 'interleaved', models: [{ modelId: 'q8' }, { modelId: 'q4' }] }), cases, {});
    const { runner, log } = loggingRunner();
    const controller = new AbortController();
    const orchestrator = new RunOrchestrator(runs, runner);
    let stored = 0;
    const original = runs.save.bind(runs);
    runs.save = (r) => {
      original(r);
      if (++stored === 3) controller.abort();
    };
    expect(await orchestrator.execute(id, { signal: controller.signal })).toBe('paused');
    expect(log).toEqual(['load q8', 'q8:case a', 'load q4', 'q4:case a', 'q8:case a', 'q4:case a', 'q4:case b', 'unload q8', 'unload q4']);
    log.length = 0;
    expect(await orchestrator.execute(id, { signal: new AbortController().signal })).toBe('completed');
    // Round b was odd (B A): q4 did its part before the pause, q8 follows; round c is A B again.
    // Each model warms up on its first missing case.
    expect(log).toEqual(['load q8', 'q8:case b', 'load q4', 'q4:case c', 'q8:case b', 'q8:case c', 'q4:case c', 'unload q8', 'unload q4']);
    expect(runs.results(id)).toHaveLength(6);
  });

  it('runs a throughput run model by model even when asked to interleave', async () => {
    const runs = setup();
    const id = runs.create(
      RunSpec.parse({
        name: 'n',
        order: 'interleaved',
        mode: 'throughput',
        parallel: 1,
        warmup: 0,
        models: [{ modelId: 'q8' }, { modelId: 'q4' }],
      }),
      cases,
      {},
    );
    const { runner, log } = loggingRunner();
    await new RunOrchestrator(runs, runner).execute(id, { signal: new AbortController().signal });
    expect(log).toEqual([
      'load q8',
      'q8:case a',
      'q8:case b',
      'q8:case c',
      'unload q8',
      'load q4',
      'q4:case a',
      'q4:case b',
      'q4:case c',
      'unload q4',
    ]);
  });
});

describe('RunOrchestrator', () => {
  it('generates with, and stores beside each result, the parameters it ran with: the test set’s over the run’s', async () => {
    const runs = setup();
    const withParams = [
      RunCase.parse({ id: 'set', input: { kind: 'completion', prompt: 'p' }, params: { maxTokens: 32, seed: 50 } }),
      RunCase.parse({ id: 'unset', input: { kind: 'completion', prompt: 'q' } }),
    ];
    const id = runs.create(
      RunSpec.parse({ name: 'n', models: [{ modelId: 'q8' }], repetitions: 2, params: { maxTokens: 256, seed: 3 }, warmup: 0 }),
      withParams,
      {},
    );
    const sent: { prompt: string; maxTokens: number; seed: number }[] = [];
    const { runner } = fakeRunner();
    const load = runner.load.bind(runner);
    runner.load = async (modelId, options) => {
      const loaded = await load(modelId, options);
      return {
        ...loaded,
        generate: (input, params, o) => (
          sent.push({ prompt: input.kind === 'completion' ? input.prompt : '', maxTokens: params.maxTokens, seed: params.seed }),
          loaded.generate(input, params, o)
        ),
      };
    };
    await new RunOrchestrator(runs, runner).execute(id, { signal: new AbortController().signal });
    const stored = runs.results(id).map((r) => ({
      caseId: r.caseId,
      repetition: r.repetition,
      seed: r.seed,
      maxTokens: r.params?.maxTokens,
      paramsSeed: r.params?.seed,
    }));
    expect(stored).toEqual([
      { caseId: 'set', repetition: 0, seed: 50, maxTokens: 32, paramsSeed: 50 },
      { caseId: 'set', repetition: 1, seed: 51, maxTokens: 32, paramsSeed: 51 },
      { caseId: 'unset', repetition: 0, seed: 3, maxTokens: 256, paramsSeed: 3 },
      { caseId: 'unset', repetition: 1, seed: 4, maxTokens: 256, paramsSeed: 4 },
    ]);
    expect(sent.filter((s) => s.prompt === 'p').map((s) => [s.maxTokens, s.seed])).toEqual([
      [32, 50],
      [32, 51],
    ]);
  });

  it('runs every model on every case and repetition, committing each result with its seed', async () => {
    const runs = setup();
    const id = runs.create(spec, cases, {});
    const progress: RunProgress[] = [];
    const status = await new RunOrchestrator(runs, fakeRunner().runner).execute(id, {
      signal: new AbortController().signal,
      onProgress: (p) => progress.push(p),
    });
    expect(status).toBe('completed');
    const results = runs.results(id);
    expect(results).toHaveLength(2 * 3 * 2);
    expect(results.find((r) => r.modelKey === 'm1:q4' && r.caseId === 'b' && r.repetition === 1)).toMatchObject({
      output: 'q4:case b',
      seed: 1,
      error: null,
    });
    expect(progress.at(-1)).toMatchObject({ status: 'completed', done: 12, total: 12, errors: 0 });
    expect(runs.get(id).status).toBe('completed');
  });

  it('pauses without storing the interrupted case, then resumes doing exactly the missing ones once', async () => {
    const runs = setup();
    const id = runs.create(spec, cases, {});
    const controller = new AbortController();
    let calls = 0;
    const first = fakeRunner((m, p, signal) => {
      calls += 1;
      if (calls === 5) {
        controller.abort();
        return { ...result(''), stopReason: signal.aborted ? 'cancelled' : 'eos' };
      }
      return result(`${m}:${p}`);
    });
    expect(await new RunOrchestrator(runs, first.runner).execute(id, { signal: controller.signal })).toBe('paused');
    expect(runs.results(id)).toHaveLength(4);
    expect(runs.get(id).status).toBe('paused');

    const seen: string[] = [];
    const second = fakeRunner((m, p) => {
      seen.push(`${m}:${p}`);
      return result(`${m}:${p}`);
    });
    expect(await new RunOrchestrator(runs, second.runner).execute(id, { signal: new AbortController().signal })).toBe('completed');
    expect(seen).toHaveLength(12 - 4);
    const keys = runs.results(id).map((r) => `${r.modelKey}/${r.caseId}/${r.repetition}`);
    expect(new Set(keys).size).toBe(12);
    expect(keys).toHaveLength(12);
  });

  it('turns a crashed case into an error with the logs, reloads the model and goes on', async () => {
    const runs = setup();
    const id = runs.create(RunSpec.parse({ name: 'crash', models: [{ modelId: 'q8' }] }), cases, {});
    const fake = fakeRunner((m, p) => {
      if (p === 'case b')
        throw new WorkerError('The inference worker stopped unexpectedly (llama.cpp aborted (SIGABRT)).', 'crashed', [
          'GGML_ASSERT(x) failed',
        ]);
      return result(`${m}:${p}`);
    });
    await new RunOrchestrator(runs, fake.runner).execute(id, { signal: new AbortController().signal });
    const byCase = Object.fromEntries(runs.results(id).map((r) => [r.caseId, r]));
    expect(byCase.b?.error).toEqual({
      kind: 'crashed',
      message: expect.stringContaining('SIGABRT') as string,
      logs: ['GGML_ASSERT(x) failed'],
    });
    expect(byCase.c?.output).toBe('q8:case c');
    expect(fake.loads).toEqual(['q8', 'q8']);
  });

  it('runs `parallel` cases at once per model in throughput mode, on that many sequences', async () => {
    const runs = setup();
    const manyCases: RunCase[] = Array.from({ length: 10 }, (_, i) =>
      RunCase.parse({ id: `k${i}`, input: { kind: 'completion', prompt: `case ${i}` } }),
    );
    const id = runs.create(RunSpec.parse({ name: 'batched', mode: 'throughput', parallel: 3, models: [{ modelId: 'q8' }] }), manyCases, {});
    let inFlight = 0;
    let peak = 0;
    const loadedWith: number[] = [];
    const fake = fakeRunner(async (m, p) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight -= 1;
      return result(`${m}:${p}`);
    });
    const runner: ModelRunner = { ...fake.runner, load: (m, o) => (loadedWith.push(o.sequences), fake.runner.load(m, o)) };
    expect(await new RunOrchestrator(runs, runner).execute(id, { signal: new AbortController().signal })).toBe('completed');
    expect(peak).toBe(3);
    expect(loadedWith).toEqual([3]);
    expect(runs.results(id)).toHaveLength(10);
  });

  it('reuses stored outputs for identical cases when the run asks for the cache, without loading the model', async () => {
    const runs = setup();
    const cached = RunSpec.parse({ name: 'cached', useCache: true, warmup: 0, models: [{ modelId: 'q8' }] });
    const first = fakeRunner();
    await new RunOrchestrator(runs, first.runner).execute(runs.create(cached, cases, {}), { signal: new AbortController().signal });
    const second = fakeRunner(() => {
      throw new Error('should not generate');
    });
    const id = runs.create(cached, cases, {});
    expect(await new RunOrchestrator(runs, second.runner).execute(id, { signal: new AbortController().signal })).toBe('completed');
    expect(second.loads).toEqual([]);
    expect(runs.results(id).every((r) => r.cachedFrom !== null && r.output === `q8:case ${r.caseId}`)).toBe(true);
    // A different seed is a different case: no reuse.
    const reseeded = runs.create(RunSpec.parse({ ...cached, params: { seed: 7 } }), cases, {});
    const third = fakeRunner();
    await new RunOrchestrator(runs, third.runner).execute(reseeded, { signal: new AbortController().signal });
    expect(third.loads).toEqual(['q8']);
  });

  it('records every case of a model that cannot load as an error, and runs the other models', async () => {
    const runs = setup();
    const id = runs.create(RunSpec.parse({ name: 'bad model', models: [{ modelId: 'broken' }, { modelId: 'q4' }] }), cases, {});
    const { runner } = fakeRunner();
    const failing: ModelRunner = {
      ...runner,
      load: (m, o) =>
        m === 'broken' ? Promise.reject(new WorkerError('Failed to load model: missing tensor', 'failed', [])) : runner.load(m, o),
    };
    await new RunOrchestrator(runs, failing).execute(id, { signal: new AbortController().signal });
    const results = runs.results(id);
    expect(results.filter((r) => r.modelKey === 'm0:broken').every((r) => r.error?.message.includes('missing tensor'))).toBe(true);
    expect(results.filter((r) => r.modelKey === 'm1:q4' && r.error === null)).toHaveLength(3);
  });

  it('keeps going when a case’s scorer code is hostile: its score is an error, every other case is scored', async () => {
    const runs = setup();
    const hostile = ['(Promise.reject(1),1)', '(Promise.resolve().then(() => { while (true) {} }), 1)', "import('fs')"];
    const scored = hostile.map((expression, i) =>
      RunCase.parse({
        id: `h${i}`,
        input: { kind: 'completion', prompt: `case h${i}` },
        scorers: [
          { type: 'javascript', expression },
          { type: 'contains', value: 'case' },
        ],
      }),
    );
    const fine = RunCase.parse({
      id: 'ok',
      input: { kind: 'completion', prompt: 'case ok' },
      scorers: [{ type: 'javascript', expression: 'output.endsWith("ok")' }],
    });
    const id = runs.create(RunSpec.parse({ name: 'hostile', models: [{ modelId: 'q8' }] }), [...scored, fine], {});
    expect(await new RunOrchestrator(runs, fakeRunner().runner).execute(id, { signal: new AbortController().signal })).toBe('completed');
    const scores = runs.scores(id);
    for (const testCase of scored) {
      const [js, contains] = scores.get(resultKey('m0:q8', testCase.id, 0)) ?? [];
      expect(js?.error, testCase.id).toBeTruthy();
      expect(contains).toMatchObject({ passed: true, error: null });
    }
    expect(scores.get(resultKey('m0:q8', 'ok', 0))?.[0]).toMatchObject({ passed: true, error: null });
  });

  it('streams each case’s output as it is generated, marking its first piece and the time to it', async () => {
    const runs = setup();
    const id = runs.create(RunSpec.parse({ name: 'streamed', models: [{ modelId: 'q8', label: 'Q8' }] }), cases.slice(0, 2), {});
    const runner: ModelRunner = {
      name: (modelId) => `model ${modelId}`,
      load: () =>
        Promise.resolve({
          pid: undefined,
          info: null,
          generate: async (input, _params, { onText }) => {
            await new Promise((resolve) => setTimeout(resolve, 30));
            onText?.('Hel');
            onText?.('lo');
            return result(`Hello ${input.kind === 'completion' ? input.prompt : ''}`);
          },
          unload: () => Promise.resolve(),
        }),
    };
    const outputs: Omit<RunOutput, 'runId'>[] = [];
    await new RunOrchestrator(runs, runner).execute(id, { signal: new AbortController().signal, onText: (o) => outputs.push(o) });
    expect(
      outputs.map(({ caseId, first, text, model, modelKey, repetition }) => ({ caseId, first, text, model, modelKey, repetition })),
    ).toEqual([
      { caseId: 'a', first: true, text: 'Hel', model: 'Q8', modelKey: 'm0:q8', repetition: 0 },
      { caseId: 'a', first: false, text: 'lo', model: 'Q8', modelKey: 'm0:q8', repetition: 0 },
      { caseId: 'b', first: true, text: 'Hel', model: 'Q8', modelKey: 'm0:q8', repetition: 0 },
      { caseId: 'b', first: false, text: 'lo', model: 'Q8', modelKey: 'm0:q8', repetition: 0 },
    ]);
    // Measured from the case's start: at least the 30 ms before its first text, the same for every piece of it.
    expect(outputs[0]?.ttftMs).toBeGreaterThanOrEqual(25);
    expect(outputs[1]?.ttftMs).toBe(outputs[0]?.ttftMs);
  });
});
