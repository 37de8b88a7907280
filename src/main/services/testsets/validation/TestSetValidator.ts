import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import { UserFacingError } from '../../../../shared/result';
import { testSetFormatOf } from '../../../../shared/testset/parseTestSetText';
import type { TestSetFormat, TestSetLoadResult } from '../../../../shared/testset/TestSetLoadResult';
import { testSetFacts, type TestSetFacts } from '../library/testSetText';
import { joinResult } from './resultParts';
import type { TestSetWorkerReply, TestSetWorkerRequest } from './testSetWorkerProtocol';
import { validateTestSetText, type TestSetTextRequest } from './validateTestSetText';

/**
 * Texts above this many bytes are parsed and checked in the worker thread; smaller ones (the
 * usual test set of a few hundred cases) in-process, which spares them the copies to the worker
 * and back. YAML costs some 30 times more per byte than JSONL or CSV (the `yaml` package builds a
 * node, a range and tokens per value), so its threshold is lower. Validation measured on a shared,
 * busy 2-core machine: YAML 16 KiB ≈ 0.2 s, 256 KiB ≈ 2 s, 4 MiB ≈ 60 s; JSONL 256 KiB ≈ 60 ms,
 * 4 MiB ≈ 1.1 s.
 */
export const OFF_THREAD_BYTES: Readonly<Record<TestSetFormat | 'csv', number>> = { yaml: 32 * 1024, jsonl: 256 * 1024, csv: 256 * 1024 };

/** The worker's heap limit: a text within the size limits needs a few hundred MB; past this it is stopped, not the host. */
const WORKER_HEAP_MB = 1024;

/** Omit over each member of a union. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

interface Waiter {
  file: string;
  /** The result so far, while its further slices come in. */
  result?: TestSetLoadResult;
  /** Called with what the request asked for. */
  resolve: (value: TestSetLoadResult | TestSetFacts) => void;
  reject: (error: Error) => void;
}

/**
 * Parses and validates test set texts for the host (and reads the facts the library lists):
 * small ones in-process, big ones (over {@link OFF_THREAD_BYTES} for their format) in a worker
 * thread started from `workerScript`, so that a 4 MiB file does not block the event loop (and
 * with it every API call) for seconds. Without the built script (unit tests, a missing build)
 * everything runs in-process. Either way the result is the same: {@link validateTestSetText}.
 */
export class TestSetValidator {
  private worker: Worker | null = null;
  private readonly waiting = new Map<number, Waiter>();
  private nextId = 1;
  private disposed = false;
  private readonly workerScript: string | null;

  constructor(
    workerScript: string | null,
    /** Overrides {@link OFF_THREAD_BYTES} (tests send every text to the worker with 0). */
    private readonly offThreadBytes: Readonly<Record<TestSetFormat | 'csv', number>> = OFF_THREAD_BYTES,
  ) {
    this.workerScript = workerScript !== null && fs.existsSync(workerScript) ? workerScript : null;
  }

  /** Whether big texts go to the worker thread (false: the built script is absent). */
  get usesWorker(): boolean {
    return this.workerScript !== null;
  }

  async validate(text: string, request: TestSetTextRequest): Promise<TestSetLoadResult> {
    const format = request.source === 'testset' ? testSetFormatOf(request.file) : 'csv';
    if (this.inProcess(text, format)) return validateTestSetText(text, request);
    return this.send<TestSetLoadResult>({ ...request, kind: 'validate', text });
  }

  /** A test set text's name and case count, as the library lists them (testSetFacts), read off the event loop when big. */
  async facts(text: string, format: TestSetFormat, file: string): Promise<TestSetFacts> {
    if (this.inProcess(text, format)) return testSetFacts(text, format, file);
    return this.send<TestSetFacts>({ kind: 'facts', text, format, file });
  }

  private inProcess(text: string, format: TestSetFormat | 'csv'): boolean {
    if (this.disposed) throw new Error('The test set validator was stopped.');
    return this.workerScript === null || Buffer.byteLength(text, 'utf8') <= this.offThreadBytes[format];
  }

  private send<T>(request: DistributiveOmit<Exclude<TestSetWorkerRequest, { kind: 'next' }>, 'id'>): Promise<T> {
    const worker = this.startWorker(this.workerScript ?? '');
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { file: request.file, resolve: resolve as (value: TestSetLoadResult | TestSetFacts) => void, reject });
      worker.ref();
      worker.postMessage({ ...request, id } satisfies TestSetWorkerRequest);
    });
  }

  /** Stops the worker; validations asked for afterwards fail. */
  async dispose(): Promise<void> {
    this.disposed = true;
    const worker = this.worker;
    this.worker = null;
    this.failWaiting(() => new Error('The test set validator was stopped.'));
    if (worker !== null) await worker.terminate();
  }

  private startWorker(script: string): Worker {
    if (this.worker !== null) return this.worker;
    const worker = new Worker(script, { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
    worker.unref();
    worker.on('message', (reply: TestSetWorkerReply) => {
      const waiter = this.waiting.get(reply.id);
      if (waiter === undefined) return;
      if (reply.ok && 'result' in reply) waiter.result = reply.result;
      else if (reply.ok && 'part' in reply && waiter.result !== undefined) joinResult(waiter.result, reply.part);
      // Each further slice is asked for once this one is in, so other events run between them.
      if (reply.ok && 'more' in reply && reply.more) {
        worker.postMessage({ id: reply.id, kind: 'next' } satisfies TestSetWorkerRequest);
        return;
      }
      this.waiting.delete(reply.id);
      if (this.waiting.size === 0) worker.unref();
      if (reply.ok && 'facts' in reply) waiter.resolve(reply.facts);
      else if (reply.ok && waiter.result !== undefined) waiter.resolve(waiter.result);
      else if (reply.ok) waiter.reject(new Error(`Validating ${waiter.file} failed: the test set worker sent a slice before the result.`));
      else if (reply.error.code === 'internal' || reply.error.code === 'unknown_call')
        waiter.reject(new Error(`Validating ${waiter.file} failed: ${reply.error.message}`));
      else waiter.reject(new UserFacingError(reply.error.code, reply.error.message, reply.error.hint));
    });
    const lost = (error: Error): void => {
      if (this.worker === worker) this.worker = null;
      const outOfMemory = (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.failWaiting((file) =>
        outOfMemory
          ? new UserFacingError(
              'invalid_input',
              `${file} needed more than ${WORKER_HEAP_MB} MB of memory to validate, so it was stopped.`,
              'Split it into several smaller test sets, or write the cases as JSONL.',
            )
          : new Error(`The test set worker stopped while validating ${file}: ${error.message}`),
      );
    };
    worker.on('error', (error) => lost(error));
    worker.on('exit', (code) => lost(new Error(`exit code ${code}`)));
    this.worker = worker;
    return worker;
  }

  private failWaiting(error: (file: string) => Error): void {
    for (const waiter of this.waiting.values()) waiter.reject(error(waiter.file));
    this.waiting.clear();
  }
}
