import { describe, expect, it } from 'vitest';
import type { FromWorker } from './protocol';
import { WorkerError, WorkerHandle } from './WorkerHandle';
import type { WorkerProcess } from './WorkerProcess';

/** A worker that answers a scoring request, once cancelled, with the failure `message`. */
function failingOnCancel(message: string): WorkerProcess {
  const listeners: ((m: FromWorker) => void)[] = [];
  const emit = (m: FromWorker): void => listeners.forEach((l) => l(m));
  queueMicrotask(() => emit({ type: 'ready' }));
  let scoring: number | null = null;
  return {
    pid: 4242,
    send: (m) => {
      if (m.type === 'scoreChoices') scoring = m.id;
      if (m.type === 'cancel' && m.id === scoring) queueMicrotask(() => emit({ type: 'failed', id: m.id, error: { message, logs: [] } }));
    },
    onMessage: (l) => listeners.push(l),
    onExit: () => undefined,
    onOutput: () => undefined,
    kill: () => undefined,
  };
}

async function scoreThenCancel(message: string): Promise<unknown> {
  const handle = await WorkerHandle.start(() => failingOnCancel(message), 'worker.js');
  const controller = new AbortController();
  const scoring = handle.scoreChoices('2 + 2 =', [' 4', ' 5'], { signal: controller.signal }).catch((e: unknown) => e);
  controller.abort();
  return scoring;
}

describe('WorkerHandle.scoreChoices when the signal fires', () => {
  it('turns the worker’s own cancellation into an AbortError that keeps how far it got', async () => {
    const error = await scoreThenCancel('Log-likelihood scoring was cancelled after 1 of 2 choices.');
    expect(error).toMatchObject({ name: 'AbortError', message: 'Log-likelihood scoring was cancelled after 1 of 2 choices.' });
  });

  it('keeps any other failure that arrives after it, so a resumed run still knows why the case failed', async () => {
    const error = await scoreThenCancel('The item needs 300 tokens, more than the context size of 256.');
    expect(error).toBeInstanceOf(WorkerError);
    expect(error).toMatchObject({ kind: 'failed', message: expect.stringContaining('more than the context size') as unknown });
  });
});
