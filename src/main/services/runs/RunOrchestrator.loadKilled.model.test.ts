import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunCase, RunSpec } from '../../../shared/runs';
import { Engine } from '../engine/Engine';
import { forkWorker, type WorkerLauncher } from '../engine/WorkerProcess';
import { EventBus } from '../EventBus';
import { ensureFixtures } from '../gguf/fixtureCache';
import { ModelLibrary } from '../models/ModelLibrary';
import { Store } from '../store/Store';
import { engineRunner } from './ModelRunner';
import { RunOrchestrator } from './RunOrchestrator';
import { RunStore } from './RunStore';

let dir: string;
let store: Store;
let library: ModelLibrary;
const engines: Engine[] = [];

beforeAll(async () => {
  const fixtures = await ensureFixtures();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-load-killed-'));
  store = Store.open(path.join(dir, 'evalbench.db'));
  library = new ModelLibrary(store, new EventBus());
  await library.add([fixtures.files.q4_0]);
}, 60_000);
afterAll(async () => {
  for (const engine of engines) await engine.dispose();
  library.dispose();
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Real workers; the first `kills` of them are sent SIGKILL the moment they are asked to load a model. */
function engineKillingLoads(kills: number): { engine: Engine; launched: () => number } {
  let launched = 0;
  const launch: WorkerLauncher = (script) => {
    const worker = forkWorker(script);
    launched += 1;
    if (launched > kills) return worker;
    return {
      pid: worker.pid,
      send: (message) => {
        worker.send(message);
        if (message.type === 'load' && worker.pid !== undefined) process.kill(worker.pid, 'SIGKILL');
      },
      onMessage: (l) => worker.onMessage(l),
      onExit: (l) => worker.onExit(l),
      onOutput: (l) => worker.onOutput(l),
      kill: () => worker.kill(),
    };
  };
  const engine = new Engine({ workerScript: process.env.EVALBENCH_TEST_WORKER ?? '', launch });
  engines.push(engine);
  return { engine, launched: () => launched };
}

function newRun(runs: RunStore): string {
  const [model] = library.list();
  const cases = ['The capital of France is', 'Two plus two equals'].map((prompt, i) =>
    RunCase.parse({ id: `c${i}`, input: { kind: 'completion', prompt } }),
  );
  const spec = RunSpec.parse({
    name: 'killed at load',
    models: [{ modelId: model?.id, load: { backend: 'cpu', contextSize: 128, threads: 1 } }],
    params: { maxTokens: 4 },
  });
  return runs.create(spec, cases, {});
}

describe('a real worker killed (SIGKILL) while its model loads', () => {
  it('is replaced by a second load, and every case runs', async () => {
    const runs = new RunStore(store);
    const id = newRun(runs);
    const { engine, launched } = engineKillingLoads(1);
    expect(await new RunOrchestrator(runs, engineRunner(engine, library)).execute(id, { signal: new AbortController().signal })).toBe(
      'completed',
    );
    expect(launched()).toBe(2);
    const results = runs.results(id);
    expect(results).toHaveLength(2);
    expect(results.map((r) => r.error)).toEqual([null, null]);
  }, 60_000);

  it('leaves its cases not run when killed twice, and `run --resume` runs them', async () => {
    const runs = new RunStore(store);
    const id = newRun(runs);
    const killing = engineKillingLoads(2);
    expect(
      await new RunOrchestrator(runs, engineRunner(killing.engine, library)).execute(id, { signal: new AbortController().signal }),
    ).toBe('failed');
    expect(killing.launched()).toBe(2);
    const before = runs.results(id);
    expect(before.map((r) => r.error?.kind)).toEqual(['not-run', 'not-run']);
    expect(before[0]?.error?.message).toContain('killed (SIGKILL)');

    const healthy = engineKillingLoads(0);
    expect(
      await new RunOrchestrator(runs, engineRunner(healthy.engine, library)).execute(id, { signal: new AbortController().signal }),
    ).toBe('completed');
    const after = runs.results(id);
    expect(after).toHaveLength(2);
    expect(after.map((r) => r.error)).toEqual([null, null]);
    expect(after.every((r) => typeof r.output === 'string')).toBe(true);
  }, 60_000);
});
