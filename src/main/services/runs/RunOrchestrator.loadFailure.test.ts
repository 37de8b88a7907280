import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { GenerationResult } from '../../../shared/engine';
import { RunCase, RunSpec } from '../../../shared/runs';
import { WorkerError } from '../engine/WorkerHandle';
import { Store } from '../store/Store';
import type { LoadedRunner, ModelRunner } from './ModelRunner';
import { RunOrchestrator } from './RunOrchestrator';
import { RunStore } from './RunStore';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function setup(): RunStore {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-load-'));
  const store = Store.open(path.join(dir, 'evalbench.db'));
  cleanups.push(() => {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return new RunStore(store);
}

const cases = ['a', 'b', 'c'].map((id) =>
  RunCase.parse({ id, input: { kind: 'completion', prompt: id }, scorers: [{ type: 'contains', value: 'q' }] }),
);
const spec = RunSpec.parse({ name: 'load failures', models: [{ modelId: 'q8' }, { modelId: 'q4' }], repetitions: 2 });

function loaded(modelId: string): LoadedRunner {
  const result: GenerationResult = {
    text: `${modelId} answered`,
    stopReason: 'eos',
    timings: {
      timeToFirstTokenMs: 1,
      promptTokens: 1,
      promptTokensPerSecond: 1000,
      generatedTokens: 2,
      generationTokensPerSecond: 1000,
      totalMs: 2,
    },
    memory: { peakRssBytes: 1, rssBytes: 1, vramUsedBytes: null },
  };
  return { pid: undefined, info: null, generate: () => Promise.resolve(result), unload: () => Promise.resolve() };
}

/** A runner whose loads of `failing` fail with the errors given, one per load, then succeed. */
function runner(failing: string, failures: WorkerError[]): { runner: ModelRunner; loads: string[] } {
  const loads: string[] = [];
  return {
    loads,
    runner: {
      name: (id) => `model ${id}`,
      load: (modelId) => {
        loads.push(modelId);
        const failure = modelId === failing ? failures.shift() : undefined;
        return failure === undefined ? Promise.resolve(loaded(modelId)) : Promise.reject(failure);
      },
    },
  };
}

const killed = (): WorkerError =>
  new WorkerError(
    'The inference worker stopped unexpectedly (killed (SIGKILL), perhaps by the system running out of memory).',
    'crashed',
    ['llama_model_load: loading'],
    'SIGKILL',
  );
const aborted = (): WorkerError =>
  new WorkerError(
    'The inference worker stopped unexpectedly (llama.cpp aborted (SIGABRT)): GGML_ASSERT(eps >= 0.0f)',
    'crashed',
    [],
    'SIGABRT',
  );
const signal = (): AbortSignal => new AbortController().signal;

describe('a model whose worker dies while it loads', () => {
  it('is loaded once more when the worker was killed, and every case runs', async () => {
    const runs = setup();
    const id = runs.create(spec, cases, {});
    const { runner: r, loads } = runner('q8', [killed()]);
    expect(await new RunOrchestrator(runs, r).execute(id, { signal: signal() })).toBe('completed');
    expect(loads).toEqual(['q8', 'q8', 'q4']);
    const results = runs.results(id);
    expect(results).toHaveLength(12);
    expect(results.filter((x) => x.error !== null)).toEqual([]);
  });

  it('stores nothing when the load failed because the run was stopped (a terminal’s Ctrl-C ends the load too), and a resume runs it all', async () => {
    const runs = setup();
    const id = runs.create(spec, cases, {});
    const controller = new AbortController();
    const stopped: ModelRunner = {
      name: (id) => `model ${id}`,
      load: () => {
        controller.abort();
        return Promise.reject(new Error('NoBinaryFoundError'));
      },
    };
    expect(await new RunOrchestrator(runs, stopped).execute(id, { signal: controller.signal })).toBe('paused');
    expect(runs.results(id)).toEqual([]);
    expect(await new RunOrchestrator(runs, runner('q8', []).runner).execute(id, { signal: signal() })).toBe('completed');
    expect(runs.results(id).filter((x) => x.error === null)).toHaveLength(12);
  });

  it('is not loaded again when llama.cpp aborted on it, which it would do again', async () => {
    const runs = setup();
    const id = runs.create(spec, cases, {});
    const { runner: r, loads } = runner('q8', [aborted(), aborted()]);
    expect(await new RunOrchestrator(runs, r).execute(id, { signal: signal() })).toBe('failed');
    expect(loads).toEqual(['q8', 'q4']);
    const errors = runs.results(id).filter((x) => x.error !== null);
    expect(errors).toHaveLength(6);
    expect(errors[0]?.error?.message).toContain('GGML_ASSERT(eps >= 0.0f)');
  });

  it('marks its cases as never run when the second load dies too, and a resume runs exactly those', async () => {
    const runs = setup();
    const id = runs.create(spec, cases, {});
    const first = runner('q8', [killed(), killed()]);
    // Not complete while cases are owed: 'failed', which the app offers to resume.
    expect(await new RunOrchestrator(runs, first.runner).execute(id, { signal: signal() })).toBe('failed');
    expect(runs.get(id).status).toBe('failed');
    expect(first.loads).toEqual(['q8', 'q8', 'q4']);
    const before = runs.results(id);
    expect(before).toHaveLength(12);
    const notRun = before.filter((x) => x.error !== null);
    expect(notRun.map((x) => `${x.modelKey}/${x.caseId}/${x.repetition}`).sort()).toEqual([
      'm0:q8/a/0',
      'm0:q8/a/1',
      'm0:q8/b/0',
      'm0:q8/b/1',
      'm0:q8/c/0',
      'm0:q8/c/1',
    ]);
    for (const x of notRun) {
      expect(x.error?.kind).toBe('not-run');
      expect(x.error?.message).toMatch(
        /^Not run: model q8 could not be loaded\. The inference worker stopped unexpectedly \(killed \(SIGKILL\).*second try.*Resume the run/,
      );
    }
    const q4Finished = before.filter((x) => x.modelKey === 'm1:q4').map((x) => x.finishedAt);

    const second = runner('q8', []);
    expect(await new RunOrchestrator(runs, second.runner).execute(id, { signal: signal() })).toBe('completed');
    // Only the model that owed cases was loaded; q4's results were kept as they were.
    expect(second.loads).toEqual(['q8']);
    expect(runs.get(id).status).toBe('completed');
    const after = runs.results(id);
    expect(after).toHaveLength(12);
    expect(after.filter((x) => x.error !== null)).toEqual([]);
    expect(after.filter((x) => x.modelKey === 'm1:q4').map((x) => x.finishedAt)).toEqual(q4Finished);
    expect(runs.scores(id).size).toBe(12);
  });
});
