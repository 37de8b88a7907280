import { beforeEach, describe, expect, it } from 'vitest';
import type { MemoryEstimate, ModelSummary } from '../../../shared/models';
import type { EventMessage, RawBridge } from '../../../shared/bridge';
import { createClient, setClient } from '../api/client';
import { useModelsStore } from './modelsStore';

/** A bridge whose answers the test releases one by one, in any order. */
function deferredBridge() {
  const pending: { name: string; input: unknown; answer: (value: unknown) => void }[] = [];
  const listeners = new Set<(m: EventMessage) => void>();
  const bridge: RawBridge = {
    invoke: (name, input) => new Promise((resolve) => pending.push({ name, input, answer: resolve })),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    bridge,
    pending,
    emit: (message: EventMessage) => {
      for (const l of listeners) l(message);
    },
    listenerCount: () => listeners.size,
  };
}

const estimate = (contextSize: number): MemoryEstimate => ({
  contextSize,
  weightsBytes: 100,
  kvCacheBytes: contextSize,
  computeBytes: 10,
  totalBytes: 110 + contextSize,
  machineRamBytes: 1000,
  machineFreeRamBytes: 900,
  gpus: [],
  gpuFits: null,
  fits: 'yes',
  message: 'ok',
});

const summary = (status: ModelSummary['status']): ModelSummary => ({
  id: 'm1',
  name: 'tiny',
  path: '/m/tiny.gguf',
  parts: ['/m/tiny.gguf'],
  sizeBytes: 1,
  sha256: status === 'ready' ? 'f'.repeat(64) : null,
  status,
  hashProgress: status === 'hashing' ? 0 : null,
  metadata: null,
  problems: [],
  addedAt: '2026-11-01T10:00:00Z',
});

beforeEach(() => useModelsStore.setState(useModelsStore.getInitialState(), true));

describe('models store', () => {
  it('keeps only the answer to the latest estimate, whatever order answers arrive in', async () => {
    const fake = deferredBridge();
    setClient(createClient(fake.bridge));
    const first = useModelsStore.getState().estimate('m1', 1024);
    const second = useModelsStore.getState().estimate('m1', 2048);
    const [early, late] = fake.pending;
    late?.answer({ ok: true, value: estimate(2048) });
    await second;
    early?.answer({ ok: true, value: estimate(1024) });
    await first;
    expect(useModelsStore.getState().actions.estimate).toMatchObject({ status: 'done', target: 'm1', result: { contextSize: 2048 } });
  });

  it('does not let a slow add answer undo a newer state main already pushed', async () => {
    const fake = deferredBridge();
    setClient(createClient(fake.bridge));
    const stop = useModelsStore.getState().start();
    expect(fake.listenerCount()).toBe(3);
    const adding = useModelsStore.getState().add(['/m/tiny.gguf']);
    fake.emit({ event: 'models.changed', epoch: 'host-1', seq: 1, payload: [summary('ready')] });
    fake.pending.find((p) => p.name === 'models.add')?.answer({ ok: true, value: { added: [summary('hashing')], skipped: [] } });
    await adding;
    expect(useModelsStore.getState().data?.map((m) => m.status)).toEqual(['ready']);
    expect(useModelsStore.getState().actions.add.status).toBe('done');
    stop();
    expect(fake.listenerCount()).toBe(0);
  });

  it('records a refused action with its error, apart from the other actions', async () => {
    const fake = deferredBridge();
    setClient(createClient(fake.bridge));
    const removing = useModelsStore.getState().remove('gone');
    fake.pending[0]?.answer({ ok: false, error: { code: 'not_found', message: 'No model with id gone in the library.' } });
    expect(await removing).toBe(false);
    const { actions } = useModelsStore.getState();
    expect(actions.remove).toMatchObject({ status: 'error', target: 'gone', error: { code: 'not_found' } });
    expect(actions.add.status).toBe('idle');
  });
});
