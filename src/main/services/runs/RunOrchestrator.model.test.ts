import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunCase, RunEnvironment, RunSpec } from '../../../shared/runs';
import { Engine } from '../engine/Engine';
import { forkWorker } from '../engine/WorkerProcess';
import { EventBus } from '../EventBus';
import { ensureFixtures } from '../gguf/fixtureCache';
import { ModelLibrary } from '../models/ModelLibrary';
import { Store } from '../store/Store';
import { TelemetryStore } from '../telemetry/TelemetryStore';
import { engineRunner } from './ModelRunner';
import { captureEnvironment } from './captureEnvironment';
import { executeRun } from './executeRun';
import { RunStore } from './RunStore';

let dir: string;
let store: Store;
let library: ModelLibrary;
const engine = new Engine({ workerScript: process.env.EVALBENCH_TEST_WORKER ?? '', launch: forkWorker });

beforeAll(async () => {
  const fixtures = await ensureFixtures();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-run-model-'));
  store = Store.open(path.join(dir, 'db.sqlite'));
  library = new ModelLibrary(store, new EventBus());
  await library.add([fixtures.files.q8_0, fixtures.files.q4_0]);
}, 60_000);
afterAll(async () => {
  await engine.dispose();
  library.dispose();
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('a run on real fixture models', () => {
  it('puts two quantizations through the same cases, greedy and reproducible, with timings', async () => {
    const runs = new RunStore(store);
    const [q4, q8] = library.list();
    const cases: RunCase[] = ['The capital of France is', 'Two plus two equals', 'Once upon a time'].map((prompt, i) =>
      RunCase.parse({ id: `c${i}`, input: { kind: 'completion', prompt } }),
    );
    const load = { backend: 'cpu', contextSize: 128, threads: 1 } as const;
    const spec = RunSpec.parse({
      name: 'q8 vs q4',
      models: [
        { modelId: q8?.id, load },
        { modelId: q4?.id, load },
      ],
      params: { maxTokens: 8 },
      repetitions: 2,
    });
    const id = runs.create(spec, cases, await captureEnvironment());
    const telemetry = new TelemetryStore(store);
    const status = await executeRun({ runs, telemetry, runner: engineRunner(engine, library) }, id, {
      signal: new AbortController().signal,
      sampleIntervalMs: 100,
    });
    expect(status).toBe('completed');
    // The run records the machine and what each model's load really gave.
    const environment = RunEnvironment.parse(runs.get(id).environment);
    expect(environment.cpu.physicalCores).toBeGreaterThan(0);
    expect(Object.keys(environment.models).sort()).toEqual([`m0:${q8?.id}`, `m1:${q4?.id}`]);
    expect(environment.models[`m0:${q8?.id}`]).toMatchObject({ backend: 'cpu', threads: 1 });
    // Telemetry: samples of the workers' memory, and markers at model and case boundaries.
    const samples = telemetry.samples(id);
    expect(samples.length).toBeGreaterThan(0);
    expect(samples.some((s) => s.sample.workers.some((w) => w.rssBytes > 10 * 1024 * 1024))).toBe(true);
    const kinds = telemetry.markers(id).map((m) => m.marker.kind);
    expect(kinds.filter((k) => k === 'model-load')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'case-start')).toHaveLength(12);
    const results = runs.results(id);
    expect(results).toHaveLength(12);
    expect(results.every((r) => r.error === null && (r.timings?.generatedTokens ?? 0) > 0)).toBe(true);
    // Greedy decoding: both repetitions of a case give the same text.
    for (const r of results.filter((x) => x.repetition === 0)) {
      const twin = results.find((x) => x.modelKey === r.modelKey && x.caseId === r.caseId && x.repetition === 1);
      expect(twin?.output).toBe(r.output);
    }
    expect(engine.list()).toEqual([]);
  });
});
