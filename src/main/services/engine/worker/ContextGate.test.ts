import { describe, expect, it } from 'vitest';
import { ContextGate } from './ContextGate';

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('ContextGate', () => {
  it('lets holders of one kind share and makes the other kind wait until all have left', async () => {
    const gate = new ContextGate();
    const a = await gate.enter('node-llama-cpp');
    const b = await gate.enter('node-llama-cpp');
    let nativeIn = false;
    const native = gate.enter('native').then((leave) => {
      nativeIn = true;
      return leave;
    });
    await settle();
    expect(nativeIn).toBe(false);
    a();
    await settle();
    expect(nativeIn).toBe(false);
    b();
    await settle();
    expect(nativeIn).toBe(true);
    (await native)();
  });

  it('queues newcomers of the holding kind behind a waiter of the other kind, so neither starves', async () => {
    const gate = new ContextGate();
    const order: string[] = [];
    const first = await gate.enter('native');
    const stock = gate.enter('node-llama-cpp').then((leave) => {
      order.push('node-llama-cpp');
      return leave;
    });
    const laterNative = gate.enter('native').then((leave) => {
      order.push('native');
      return leave;
    });
    await settle();
    expect(order).toEqual([]);
    first();
    (await stock)();
    (await laterNative)();
    expect(order).toEqual(['node-llama-cpp', 'native']);
  });

  it('admits every waiter of the kind whose turn it is together', async () => {
    const gate = new ContextGate();
    const first = await gate.enter('native');
    const admitted: number[] = [];
    const waiters = [1, 2, 3].map((n) => gate.enter('node-llama-cpp').then((leave) => (admitted.push(n), leave)));
    first();
    const leaves = await Promise.all(waiters);
    expect(admitted).toEqual([1, 2, 3]);
    // Leaving twice counts once.
    const [l1, l2, l3] = leaves;
    l1?.();
    l1?.();
    l2?.();
    let nativeIn = false;
    const native = gate.enter('native').then((leave) => ((nativeIn = true), leave));
    await settle();
    expect(nativeIn).toBe(false);
    l3?.();
    (await native)();
    expect(nativeIn).toBe(true);
  });

  it('tells its listeners who has to wait, so a holder can give way sooner', async () => {
    const gate = new ContextGate();
    const waited: string[] = [];
    gate.onWaiting((user) => waited.push(user));
    const native = await gate.enter('native');
    const sharing = await gate.enter('native');
    expect(waited).toEqual([]);
    const nodeLlamaCpp = gate.enter('node-llama-cpp');
    expect(waited).toEqual(['node-llama-cpp']);
    native();
    sharing();
    (await nodeLlamaCpp)();
    expect(waited).toEqual(['node-llama-cpp']);
  });
});
