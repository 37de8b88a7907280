import type { TestSetFormat } from '../../../../shared/testset';
import type { ValidationResult } from './validateText';

/** Validates test set texts somewhere off the caller's path (a Web Worker in the app). */
export interface Validator {
  validate(text: string, file: string, format: TestSetFormat): Promise<ValidationResult>;
  dispose(): void;
}

type Reply = { seq: number; result: ValidationResult } | { seq: number; error: string };

/**
 * A validator backed by one Web Worker. Requests queue in the worker in order; each answer is
 * matched to its request by sequence number. A worker that dies is started again on the next call.
 */
export function workerValidator(createWorker: () => Worker): Validator {
  let worker: Worker | null = null;
  let seq = 0;
  const pending = new Map<number, { resolve: (r: ValidationResult) => void; reject: (e: Error) => void }>();
  const start = (): Worker => {
    const w = createWorker();
    w.onmessage = (event: MessageEvent<Reply>) => {
      const waiting = pending.get(event.data.seq);
      pending.delete(event.data.seq);
      if (waiting === undefined) return;
      if ('result' in event.data) waiting.resolve(event.data.result);
      else waiting.reject(new Error(event.data.error));
    };
    w.onerror = (event) => {
      event.preventDefault();
      for (const p of pending.values()) p.reject(new Error(`The validation worker failed: ${event.message}`));
      pending.clear();
      w.terminate();
      worker = null;
    };
    return w;
  };
  return {
    validate(text, file, format) {
      worker ??= start();
      const id = ++seq;
      const w = worker;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        w.postMessage({ seq: id, text, file, format });
      });
    },
    dispose() {
      worker?.terminate();
      worker = null;
      for (const p of pending.values()) p.reject(new Error('The validator was closed.'));
      pending.clear();
    },
  };
}
