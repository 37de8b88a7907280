import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelSummary } from '../../../shared/models';
import { forkWorker } from '../engine/WorkerProcess';
import { ensureFixtures } from '../gguf/fixtureCache';
import { createServices, type Services } from '../Services';
import { loadRunFile } from './loadRunFile';

// The README's first command failed once the app had added the fixtures from another folder: the
// run file's copy was added, hashed, merged into the app's entry, and the run kept the removed id.
let services: Services;
let home: string;

beforeAll(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-run-file-models-'));
  services = createServices({ home, host: 'cli', engine: { workerScript: process.env.EVALBENCH_TEST_WORKER ?? '', launch: forkWorker } });
});
afterAll(async () => {
  await services.close();
  fs.rmSync(home, { recursive: true, force: true });
});

describe('a run file naming a model the library holds under another path', () => {
  it('uses the library entry that stays once the copy is recognised by its hash', async () => {
    const fixtures = await ensureFixtures();
    const appCopy = path.join(home, 'app-fixtures', 'tiny-llama-q4_0.gguf');
    fs.mkdirSync(path.dirname(appCopy));
    fs.copyFileSync(fixtures.files.q4_0, appCopy);
    const added = await services.models.add([appCopy]);
    const appEntry = added.added[0] as ModelSummary;
    await services.models.idle();

    fs.writeFileSync(
      path.join(home, 'set.yaml'),
      'name: s\ndefaults: { mode: completion, scorers: [{ type: length, min: 1 }] }\ncases:\n  - { id: a, prompt: "Hi" }\n',
    );
    const runFile = path.join(home, 'r.run.yaml');
    fs.writeFileSync(runFile, `testSet: set.yaml\nmodels:\n  - { path: "${fixtures.files.q4_0}", load: { backend: cpu, threads: 1 } }\n`);
    const runId = await services.runs.createFromFile(await loadRunFile(runFile));
    await services.models.idle();

    const modelId = services.runs.runs.get(runId).spec.models[0]?.modelId ?? '';
    expect(() => services.models.get(modelId)).not.toThrow();
    expect(modelId).toBe(appEntry.id);
  });
});
