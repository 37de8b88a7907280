import { Worker } from 'node:worker_threads';
import type { RunSummary } from '../../../../shared/runSummary';
import { UserFacingError } from '../../../../shared/result';
import type { Store } from '../../store/Store';
import type { HandlerSlice } from '../../router';
import type { RunStore } from '../RunStore';
import { computeSummary, type ComputedSummary, type SummaryJob } from './computeSummary';
import type { SummaryReply, SummaryRequest } from './summaryProtocol';

/** Summaries kept: a few runs × baselines is what the Compare and Review pages go back and forth between. */
const CACHE_SIZE = 16;

/**
 * Run summaries off the host's event loop, cached. A summary of 10,000 cases × 8 models takes
 * seconds (bootstraps of 10,000 resamples), so it runs in a worker thread, and it is kept keyed by
 * run, baseline, model names and the run's data version, which store triggers bump whenever a
 * result, a score or a review label changes: a review click recomputes once, and asking again is
 * a map lookup. Requests queue for the one worker; a queued request whose data has meanwhile been
 * summarised takes that summary instead of computing it again.
 */
export class SummaryService {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (value: ComputedSummary) => void; reject: (error: unknown) => void }>();
  private readonly cache = new Map<string, RunSummary>();
  private readonly inflight = new Map<string, Promise<RunSummary>>();
  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;
  /** Summaries computed rather than served from the cache, since this service started (tests and the bench read it). */
  computations = 0;

  constructor(
    private readonly store: Store,
    private readonly runs: RunStore,
    /** Library model id → name, read at each call (models can be renamed). */
    private readonly labels: () => [string, string][],
    /** The built summary worker; null computes in this thread (command line, unit tests). */
    private readonly workerScript: string | null,
  ) {}

  /** The calls this service answers, for the router. */
  handlers(): HandlerSlice<'runs.summary'> {
    // Off the event loop and cached; a person's review verdicts count over the scorers' (both are reported).
    return { 'runs.summary': ({ runId, baseline }) => this.summary(runId, baseline) };
  }

  async summary(runId: string, baseline?: string): Promise<RunSummary> {
    const job: SummaryJob = { runId, baseline: baseline ?? null, labels: this.labels() };
    const key = this.key(job, this.runs.dataVersion(runId));
    const cached = this.cache.get(key);
    if (cached !== undefined) return this.current(runId, cached);
    const running = this.inflight.get(key);
    if (running !== undefined) return this.current(runId, await running);
    const next = this.queue
      .catch(() => undefined)
      .then(async () => {
        // The data may have changed, and been summarised, while this request waited.
        const latest = this.cache.get(this.key(job, this.runs.dataVersion(runId)));
        if (latest !== undefined) return latest;
        this.computations += 1;
        const computed = await this.compute(job);
        this.remember(this.key(job, computed.version), computed.summary);
        return computed.summary;
      });
    this.queue = next;
    this.inflight.set(key, next);
    try {
      return this.current(runId, await next);
    } finally {
      this.inflight.delete(key);
    }
  }

  /** Stops the worker; summaries asked for afterwards fail. */
  async dispose(): Promise<void> {
    this.disposed = true;
    const worker = this.worker;
    this.worker = null;
    this.failWaiting(new Error('The summary worker was stopped.'));
    if (worker !== null) await worker.terminate();
  }

  private key(job: SummaryJob, version: number): string {
    return JSON.stringify([job.runId, job.baseline, version, job.labels]);
  }

  /** Name and status are not part of the data version: a rename or a status change shows at once. */
  private current(runId: string, summary: RunSummary): RunSummary {
    const row = this.store.db.prepare('SELECT name, status FROM runs WHERE id = ?').get(runId) as
      { name: string; status: string } | undefined;
    if (row === undefined)
      throw new UserFacingError('not_found', `No run ${runId} in the store.`, 'It may have been deleted; pick another run.');
    return { ...summary, name: row.name, status: row.status };
  }

  private remember(key: string, summary: RunSummary): void {
    this.cache.delete(key);
    this.cache.set(key, summary);
    for (const oldest of this.cache.keys()) {
      if (this.cache.size <= CACHE_SIZE) break;
      this.cache.delete(oldest);
    }
  }

  private compute(job: SummaryJob): Promise<ComputedSummary> {
    if (this.disposed) return Promise.reject(new Error('The summary service was stopped.'));
    if (this.workerScript === null) return Promise.resolve().then(() => computeSummary(this.store, job));
    const worker = this.startWorker(this.workerScript);
    const id = this.nextId++;
    return new Promise<ComputedSummary>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.ref();
      const request: SummaryRequest = { ...job, id, storeFile: this.store.file };
      worker.postMessage(request);
    });
  }

  private startWorker(script: string): Worker {
    if (this.worker !== null) return this.worker;
    const worker = new Worker(script);
    worker.unref();
    worker.on('message', (reply: SummaryReply) => {
      const waiter = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if (this.waiting.size === 0) worker.unref();
      if (waiter === undefined) return;
      if (reply.ok) waiter.resolve({ version: reply.version, summary: reply.summary });
      else if (reply.error.code === 'internal' || reply.error.code === 'unknown_call')
        waiter.reject(new Error(`Summarising the run failed: ${reply.error.message}`));
      else waiter.reject(new UserFacingError(reply.error.code, reply.error.message, reply.error.hint));
    });
    const lost = (error: Error): void => {
      if (this.worker === worker) this.worker = null;
      this.failWaiting(error);
    };
    worker.on('error', (error) => lost(error));
    worker.on('exit', (code) => lost(new Error(`The summary worker stopped (exit code ${code}).`)));
    this.worker = worker;
    return worker;
  }

  private failWaiting(error: Error): void {
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
  }
}
