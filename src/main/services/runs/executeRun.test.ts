import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { GenerationResult } from '../../../shared/engine';
import { RunCase, RunSpec } from '../../../shared/runs';
import { Store } from '../store/Store';
import { TelemetryStore } from '../telemetry/TelemetryStore';
import { CompetingLoadMeter } from '../system/competingLoad';
import { executeRun } from './executeRun';
import type { ModelRunner } from './ModelRunner';
import { RunStore } from './RunStore';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

const result: GenerationResult = {
  text: 'out',
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

describe('executeRun', () => {
  it('lets the result cache see the model content hash, so useCache reuses outputs of an earlier run', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-execute-'));
    const store = Store.open(path.join(dir, 'db.sqlite'));
    cleanups.push(() => {
      store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    const runs = new RunStore(store);
    const deps = (generations: string[]): { runs: RunStore; telemetry: TelemetryStore; runner: ModelRunner } => ({
      runs,
      telemetry: new TelemetryStore(store),
      runner: {
        name: () => 'q8',
        contentHash: () => 'sha-q8',
        load: () =>
          Promise.resolve({
            pid: undefined,
            info: null,
            generate: (input) => {
              generations.push(input.kind === 'completion' ? input.prompt : '');
              return Promise.resolve(result);
            },
            unload: () => Promise.resolve(),
          }),
      },
    });
    const spec = RunSpec.parse({ name: 'cached', useCache: true, warmup: 0, models: [{ modelId: 'q8' }] });
    const cases = ['a', 'b'].map((id) => RunCase.parse({ id, input: { kind: 'completion', prompt: id } }));
    const first: string[] = [];
    await executeRun(deps(first), runs.create(spec, cases, {}), { signal: new AbortController().signal, sampleIntervalMs: 50 });
    const second: string[] = [];
    const id = runs.create(spec, cases, {});
    await executeRun(deps(second), id, { signal: new AbortController().signal, sampleIntervalMs: 50 });
    expect(first).toEqual(['a', 'b']);
    expect(second).toEqual([]);
    expect(runs.results(id).every((r) => r.cachedFrom !== null)).toBe(true);
  });

  it('records how busy the machine was with other work in the run environment', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-execute-'));
    const store = Store.open(path.join(dir, 'db.sqlite'));
    cleanups.push(() => {
      store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    const runs = new RunStore(store);
    let t = 0;
    // Other processes keep 1.2 cores busy the whole time.
    const meter = new CompetingLoadMeter({
      pids: () => [],
      intervalMs: 5,
      read: () => {
        t += 500;
        return Promise.resolve({ atMs: t, machineBusySeconds: (t / 1000) * 1.2, ownSeconds: 0 });
      },
    });
    const runner: ModelRunner = {
      name: () => 'q8',
      load: () => Promise.resolve({ pid: undefined, info: null, generate: () => Promise.resolve(result), unload: () => Promise.resolve() }),
    };
    const id = runs.create(
      RunSpec.parse({ name: 'busy', models: [{ modelId: 'q8' }] }),
      [RunCase.parse({ id: 'a', input: { kind: 'completion', prompt: 'a' } })],
      {},
    );
    await executeRun({ runs, telemetry: new TelemetryStore(store), runner }, id, {
      signal: new AbortController().signal,
      sampleIntervalMs: 50,
      competingLoad: meter,
    });
    expect(runs.get(id).environment).toMatchObject({ competingLoad: { atStart: expect.closeTo(1.2) as number, busy: true } });
  });
});
