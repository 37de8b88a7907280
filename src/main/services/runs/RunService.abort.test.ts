import { afterEach, describe, expect, it } from 'vitest';
import { oneCaseRun } from './testing/oneCaseRun';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

describe('RunService.execute', () => {
  it('stops at once for a signal that fired before it was called (Ctrl-C while evalbench run created the run)', async () => {
    const { service, id, dispose } = oneCaseRun('stopped');
    cleanups.push(dispose);
    expect(await service.execute(id, { signal: AbortSignal.abort() })).toBe('paused');
    expect(service.runs.results(id)).toEqual([]);
  });
});
