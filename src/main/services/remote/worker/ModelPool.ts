import type { LoadedModelInfo, LoadOptionsInput } from '../../../../shared/engine';
import type { Engine } from '../../engine/Engine';
import { WorkerError } from '../../engine/WorkerHandle';
import { Semaphore } from '../Semaphore';
import { optionalFields } from '../../../../shared/optionalFields';

/** Thrown by `ModelPool.run` when the queue is full; the server answers 503 with Retry-After. */
export class PoolBusyError extends Error {
  override name = 'PoolBusyError';
}

/** How a pool is made. */
export interface ModelPoolOptions {
  engine: Engine;
  modelPath: string;
  load: LoadOptionsInput;
  /** Copies of the model, each in its own worker process: the number of requests served at once. */
  size: number;
  /** Requests allowed to wait for a copy; more are refused. */
  maxQueued: number;
  /** Ends the loading of the copies (a Ctrl-C while the server starts), with an `AbortError`. */
  signal?: AbortSignal;
}

interface Slot {
  /** The engine's id of this copy; null after its worker died, until it is loaded again. */
  loadId: string | null;
}

/**
 * N copies of one model, each loaded in its own inference worker, serving one request at a
 * time each (a worker runs cases one after another on its single context). Requests beyond N
 * wait in arrival order. A copy whose worker crashed is loaded again before its next request.
 */
export class ModelPool {
  private readonly free: Slot[];
  private readonly semaphore: Semaphore;

  private constructor(
    private readonly options: ModelPoolOptions,
    slots: Slot[],
    /** What loading the first copy gave. */
    readonly info: LoadedModelInfo,
  ) {
    this.free = slots;
    this.semaphore = new Semaphore(options.size);
  }

  /** Loads the copies one after another (loading several at once only contends for memory bandwidth). */
  static async start(options: ModelPoolOptions): Promise<ModelPool> {
    const slots: Slot[] = [];
    let info: LoadedModelInfo | null = null;
    try {
      for (let i = 0; i < options.size; i++) {
        const loaded = await options.engine.load(options.modelPath, options.load, optionalFields({ signal: options.signal }));
        info ??= loaded.info;
        slots.push({ loadId: loaded.id });
      }
    } catch (error) {
      await Promise.all(slots.flatMap((s) => (s.loadId === null ? [] : [options.engine.unload(s.loadId)])));
      throw error;
    }
    if (info === null) throw new RangeError('A model pool needs at least one copy.');
    return new ModelPool(options, slots, info);
  }

  /** Requests waiting for a copy. */
  get queued(): number {
    return this.semaphore.queued;
  }

  /** Runs `work` on a free copy, waiting for one if needed; resolves with its value and the time spent waiting. */
  async run<T>(signal: AbortSignal, work: (loadId: string) => Promise<T>): Promise<{ value: T; queuedMs: number }> {
    if (this.semaphore.inUse >= this.options.size && this.semaphore.queued >= this.options.maxQueued) {
      throw new PoolBusyError(`All ${this.options.size} copies of the model are busy and ${this.semaphore.queued} requests are waiting.`);
    }
    const from = performance.now();
    const release = await this.semaphore.acquire(signal);
    const queuedMs = performance.now() - from;
    const slot = this.free.pop();
    if (slot === undefined) {
      release();
      throw new Error('The model pool handed out more copies than it has.');
    }
    try {
      if (slot.loadId === null) slot.loadId = (await this.options.engine.load(this.options.modelPath, this.options.load)).id;
      return { value: await work(slot.loadId), queuedMs };
    } catch (error) {
      if (error instanceof WorkerError && error.kind === 'crashed') slot.loadId = null;
      throw error;
    } finally {
      this.free.push(slot);
      release();
    }
  }

  /** Unloads every copy; requests still running fail with the engine's error. */
  async dispose(): Promise<void> {
    await this.options.engine.dispose();
  }
}
