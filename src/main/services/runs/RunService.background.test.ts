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

describe('a run executed in the background on a store that takes no more writes (as on a full disk)', () => {
  it('ends as a failed run event, and leaves the host running (no unhandled rejection)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-bg-'));
    const store = Store.open(path.join(dir, 'evalbench.db'));
    const bus = new EventBus();
    const library = new ModelLibrary(store, bus);
    cleanups.push(() => {
      library.dispose();
      store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    const service = new RunService(store, library, new Engine({ workerScript: '', launch: forkWorker }), bus);
    const id = service.runs.create(
      RunSpec.parse({ name: 'bg', models: [{ modelId: 'm' }] }),
      [RunCase.parse({ id: 'c', input: { kind: 'completion', prompt: 'p' } })],
      {},
    );
    // From here the store cannot take a single write: even marking the run failed fails.
    store.db.exec('PRAGMA query_only = 1');

    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    cleanups.push(() => process.off('unhandledRejection', onUnhandled));
    const failed = new Promise<void>((resolve) =>
      bus.listen((m) => {
        if (m.event === 'runs.progress' && (m.payload as { status: string }).status === 'failed') resolve();
      }),
    );
    service.startInBackground(id);
    await failed;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(unhandled).toEqual([]);
  });
});
