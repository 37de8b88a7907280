import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RunCase, RunSpec } from '../../../../shared/runs';
import { Engine } from '../../engine/Engine';
import { forkWorker } from '../../engine/WorkerProcess';
import { EventBus } from '../../EventBus';
import { ModelLibrary } from '../../models/ModelLibrary';
import { Store } from '../../store/Store';
import { RunService } from '../RunService';

/**
 * A RunService on a fresh store with one run of one case on a model that is not in the library,
 * and an engine whose workers cannot start: a run that goes on stores its case as never run.
 */
export function oneCaseRun(name: string): { service: RunService; store: Store; bus: EventBus; id: string; dispose: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `evalbench-${name}-`));
  const store = Store.open(path.join(dir, 'evalbench.db'));
  const bus = new EventBus();
  const library = new ModelLibrary(store, bus);
  const service = new RunService(store, library, new Engine({ workerScript: '', launch: forkWorker }), bus);
  const id = service.runs.create(
    RunSpec.parse({ name, models: [{ modelId: 'm' }] }),
    [RunCase.parse({ id: 'c', input: { kind: 'completion', prompt: 'p' } })],
    {},
  );
  return {
    service,
    store,
    bus,
    id,
    dispose: () => {
      library.dispose();
      store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
