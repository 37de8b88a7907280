import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { GenerationResult } from '../../../shared/engine';
import { RunCase, RunSpec } from '../../../shared/runs';
import { Store } from '../store/Store';
import { TelemetryStore } from '../telemetry/TelemetryStore';
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
  timings: { timeToFirstTokenMs: 1, promptTokens: 3, promptTokensPerSecond: 3000, generatedTokens: 2, generationTokensPerSecond: 1000, totalMs: 2 },
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
    const spec = RunSpec.parse({ name: 'cached', useCache: true, models: [{ modelId: 'q8' }] });
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
});
