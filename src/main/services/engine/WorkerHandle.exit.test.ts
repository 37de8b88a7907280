import { describe, expect, it } from 'vitest';
import { LoadOptions } from '../../../shared/engine';
import type { FromWorker } from './protocol';
import { WorkerError, WorkerHandle } from './WorkerHandle';
import type { WorkerProcess } from './WorkerProcess';

/** A worker process that says it is ready, then ends with `signal` when asked to load a model. */
function dyingOnLoad(signal: string): WorkerProcess {
  const listeners: { message: ((m: FromWorker) => void)[]; exit: ((code: number | null, signal: string | null) => void)[] } = {
    message: [],
    exit: [],
  };
  queueMicrotask(() => {
    for (const l of listeners.message) l({ type: 'ready' });
  });
  return {
    pid: 4242,
    send: (message) => {
      if (message.type === 'load') queueMicrotask(() => listeners.exit.forEach((l) => l(null, signal)));
    },
    onMessage: (l) => listeners.message.push(l),
    onExit: (l) => listeners.exit.push(l),
    onOutput: () => undefined,
    kill: () => undefined,
  };
}

async function loadError(signal: string): Promise<WorkerError> {
  const handle = await WorkerHandle.start(() => dyingOnLoad(signal), 'worker.js');
  const error = await handle.load('model.gguf', LoadOptions.parse({})).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkerError);
  return error as WorkerError;
}

describe('a worker that dies while it loads a model', () => {
  it('says a kill from outside may pass on a retry', async () => {
    const error = await loadError('SIGKILL');
    expect(error.kind).toBe('crashed');
    expect(error.signal).toBe('SIGKILL');
    expect(error.mayPassOnRetry).toBe(true);
  });

  it('says an abort or a segfault would happen again', async () => {
    for (const signal of ['SIGABRT', 'SIGSEGV']) {
      const error = await loadError(signal);
      expect(error.signal).toBe(signal);
      expect(error.mayPassOnRetry).toBe(false);
    }
  });
});
