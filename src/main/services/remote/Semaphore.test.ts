import { describe, expect, it } from 'vitest';
import { Semaphore } from './Semaphore';

describe('Semaphore', () => {
  it('lets `limit` holders in at once and the rest in arrival order', async () => {
    const semaphore = new Semaphore(2);
    const order: number[] = [];
    const first = await semaphore.acquire();
    const second = await semaphore.acquire();
    const waiting = [3, 4].map((n) => semaphore.acquire().then((release) => (order.push(n), release)));
    expect(semaphore.inUse).toBe(2);
    expect(semaphore.queued).toBe(2);
    first();
    first(); // A second release of the same permit changes nothing.
    const third = await waiting[0];
    expect(order).toEqual([3]);
    expect(semaphore.inUse).toBe(2);
    second();
    (await waiting[1])?.();
    third?.();
    expect(order).toEqual([3, 4]);
    expect(semaphore.inUse).toBe(0);
  });

  it('drops a waiter whose signal fires, without taking a permit', async () => {
    const semaphore = new Semaphore(1);
    const held = await semaphore.acquire();
    const controller = new AbortController();
    const waiting = semaphore.acquire(controller.signal);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    expect(semaphore.queued).toBe(0);
    held();
    expect(semaphore.inUse).toBe(0);
  });
});
