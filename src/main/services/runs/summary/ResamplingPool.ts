import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { solveResamplingTask, type ResamplingTask, type ResamplingTaskResult } from '../../../../shared/stats';

/** Main thread of the pool → a resampling thread, and back. */
export interface ResamplingMessage {
  id: number;
  task: ResamplingTask;
}
export interface ResamplingReply {
  id: number;
  result?: ResamplingTaskResult;
  error?: string;
}

const cost = (task: ResamplingTask): number =>
  task.kind === 'sums'
    ? task.n * task.resamples * (1 + task.rows.length)
    : task.permutations * task.tests.reduce((max, t) => Math.max(max, t.diffs.length), 0) * (1 + task.tests.length / 2);

/**
 * Threads that solve a summary's resampling tasks side by side: a run where models answered
 * different numbers of cases has one bootstrap stream per case count, and each takes about as
 * long as the rest of the summary together. The threads start from `script` (the summary
 * worker's own file, told its role by `workerData`) on first use and stay for the next summary.
 */
export class ResamplingPool {
  private readonly threads = new Map<number, Worker>();
  private nextId = 1;
  readonly size: number;

  constructor(
    private readonly script: URL | string,
    // One core left to the host: with every core busy, its event loop stalled past 100 ms on a loaded 2-core machine.
    size = Math.min(8, Math.max(1, os.availableParallelism() - 1)),
  ) {
    this.size = size;
  }

  /** Results in task order. Largest tasks first, each to the next free thread. */
  async solve(tasks: readonly ResamplingTask[]): Promise<ResamplingTaskResult[]> {
    if (tasks.length <= 1 || this.size <= 1) return tasks.map(solveResamplingTask);
    const order = tasks.map((task, index) => ({ task, index })).sort((a, b) => cost(b.task) - cost(a.task));
    const results: ResamplingTaskResult[] = new Array<ResamplingTaskResult>(tasks.length);
    const runOn = async (thread: Worker, slot: number): Promise<void> => {
      for (let next = order.shift(); next !== undefined; next = order.shift())
        results[next.index] = await this.post(thread, slot, next.task);
    };
    await Promise.all(Array.from({ length: Math.min(this.size, tasks.length) }, (_, i) => runOn(this.thread(i), i)));
    return results;
  }

  async dispose(): Promise<void> {
    const threads = [...this.threads.values()];
    this.threads.clear();
    await Promise.all(threads.map((t) => t.terminate()));
  }

  private thread(i: number): Worker {
    const existing = this.threads.get(i);
    if (existing !== undefined) return existing;
    const thread = new Worker(this.script, { workerData: { role: 'resampler' } });
    thread.unref();
    this.threads.set(i, thread);
    return thread;
  }

  private post(thread: Worker, slot: number, task: ResamplingTask): Promise<ResamplingTaskResult> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const cleanup = (): void => {
        thread.off('message', onMessage);
        thread.off('error', onError);
        thread.off('exit', onExit);
      };
      const onMessage = (reply: ResamplingReply): void => {
        if (reply.id !== id) return;
        cleanup();
        if (reply.result !== undefined) resolve(reply.result);
        else reject(new Error(reply.error ?? 'A resampling thread failed.'));
      };
      const onError = (error: Error): void => {
        cleanup();
        // The next summary starts a fresh thread in this slot.
        if (this.threads.get(slot) === thread) this.threads.delete(slot);
        reject(error);
      };
      // A thread that stops without an error (killed, out of memory) would otherwise leave this
      // task, and every summary queued behind it, waiting for ever.
      const onExit = (code: number): void => onError(new Error(`A resampling thread stopped (exit code ${code}) before it answered.`));
      thread.on('message', onMessage);
      thread.on('error', onError);
      thread.on('exit', onExit);
      const message: ResamplingMessage = { id, task };
      thread.postMessage(message);
    });
  }
}
