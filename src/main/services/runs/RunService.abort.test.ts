import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RunCase, RunSpec } from '../../../shared/runs';
import { Engine } from '../engine/Engine';
import { forkWorker } from '../engine/WorkerProcess';
import { EventBus } from '../EventBus';
import { ModelLibrary } from '../models/ModelLibrary';
import { Store } from '../store/Store';
import { RunService } from './RunService';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

describe('RunService.execute', () => {
  it('stops at once for a signal that fired before it was called (Ctrl-C while evalbench run created the run)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-abort-'));
    const store = Store.open(path.join(dir, 'evalbench.db'));
    const bus = new EventBus();
    const library = new ModelLibrary(store, bus);
    cleanups.push(() => {
      library.dispose();
      store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    // No worker could start: a run that went on would store its cases as never run.
    const service = new RunService(store, library, new Engine({ workerScript: '', launch: forkWorker }), bus);
    const id = service.runs.create(
      RunSpec.parse({ name: 'stopped', models: [{ modelId: 'm' }] }),
      [RunCase.parse({ id: 'c', input: { kind: 'completion', prompt: 'p' } })],
      {},
    );
    expect(await service.execute(id, { signal: AbortSignal.abort() })).toBe('paused');
    expect(service.runs.results(id)).toEqual([]);
  });
});
