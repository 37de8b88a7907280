import { afterEach, describe, expect, it } from 'vitest';
import { oneCaseRun } from './testing/oneCaseRun';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

describe('a run executed in the background on a store that takes no more writes (as on a full disk)', () => {
  it('ends as a failed run event, and leaves the host running (no unhandled rejection)', async () => {
    const { service, store, bus, id, dispose } = oneCaseRun('bg');
    cleanups.push(dispose);
    // From here the store cannot take a single write: even marking the run failed fails.
    store.db.exec('PRAGMA query_only = 1');

    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    cleanups.push(() => process.off('unhandledRejection', onUnhandled));
    const failed = new Promise<void>((resolve) =>
      bus.listen((m) => {
        if (m.event === 'runs.progress' && (m.payload as { status: string }).status === 'failed') resolve();
      }),
    );
    service.startInBackground(id);
    await failed;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(unhandled).toEqual([]);
  });
});
