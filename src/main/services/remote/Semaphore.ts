/**
 * A counting semaphore with a first-come, first-served queue. `acquire` resolves to a release
 * function that is safe to call more than once; a waiter whose signal fires leaves the queue
 * without taking a permit.
 */
export class Semaphore {
  private active = 0;
  private readonly waiting: { grant: () => void }[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`A semaphore needs a limit of at least 1, got ${limit}.`);
  }

  /** Permits in use. */
  get inUse(): number {
    return this.active;
  }

  /** Callers waiting for a permit. */
  get queued(): number {
    return this.waiting.length;
  }

  async acquire(signal?: AbortSignal): Promise<() => void> {
    signal?.throwIfAborted();
    if (this.active < this.limit) {
      this.active += 1;
      return this.releaser();
    }
    await new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        const index = this.waiting.indexOf(waiter);
        if (index !== -1) this.waiting.splice(index, 1);
        reject(signal?.reason instanceof Error ? signal.reason : new DOMException('The wait for a permit was cancelled.', 'AbortError'));
      };
      const waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      this.waiting.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    return this.releaser();
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      // The permit passes straight to the next waiter, so `active` stays the same.
      if (next) next.grant();
      else this.active -= 1;
    };
  }
}
