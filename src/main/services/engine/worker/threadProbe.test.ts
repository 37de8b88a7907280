import { describe, expect, it } from 'vitest';
import { chooseThreads, probeOrder, probeThreads, threadCandidates, type ThreadTimer } from './threadProbe';

/** A timer that answers from a table of speeds per try, recording the order it was asked in. */
function fakeTimer(speeds: Record<number, (number | null)[]>): ThreadTimer & { asked: number[] } {
  const asked: number[] = [];
  return {
    asked,
    time(threads) {
      asked.push(threads);
      const queue = speeds[threads] ?? [];
      return Promise.resolve(queue.length > 0 ? (queue.shift() ?? null) : null);
    },
  };
}

describe('threadCandidates', () => {
  it('tries 1, half the physical cores and all of them, once each', () => {
    expect(threadCandidates(2)).toEqual([1, 2]);
    expect(threadCandidates(8)).toEqual([1, 4, 8]);
    expect(threadCandidates(6)).toEqual([1, 3, 6]);
    expect(threadCandidates(1)).toEqual([1]);
  });
});

describe('probeOrder', () => {
  it('goes up and back down so drift does not favour the first count', () => {
    expect(probeOrder([1, 4, 8])).toEqual([1, 4, 8, 8, 4, 1]);
  });
});

describe('chooseThreads', () => {
  it('keeps the fastest count', () => {
    expect(
      chooseThreads([
        { threads: 1, tokensPerSecond: 10 },
        { threads: 2, tokensPerSecond: 18 },
      ]),
    ).toBe(2);
  });
  it('falls back to fewer threads when more threads lose (contention on a busy machine)', () => {
    expect(
      chooseThreads([
        { threads: 1, tokensPerSecond: 600 },
        { threads: 2, tokensPerSecond: 25 },
      ]),
    ).toBe(1);
  });
  it('prefers fewer threads when they are within 5 % of the fastest', () => {
    expect(
      chooseThreads([
        { threads: 1, tokensPerSecond: 97 },
        { threads: 4, tokensPerSecond: 100 },
        { threads: 8, tokensPerSecond: 99 },
      ]),
    ).toBe(1);
    expect(
      chooseThreads([
        { threads: 1, tokensPerSecond: 90 },
        { threads: 4, tokensPerSecond: 100 },
      ]),
    ).toBe(4);
  });
  it('refuses an empty probe', () => {
    expect(() => chooseThreads([])).toThrow(/No thread count/);
  });
});

describe('probeThreads', () => {
  it('times every count twice, keeps each best try and records what it tried', async () => {
    const timer = fakeTimer({ 1: [40, 50], 2: [30, 45] });
    const probe = await probeThreads([1, 2], timer);
    expect(timer.asked).toEqual([1, 2, 2, 1]);
    expect(probe).toEqual({
      tried: [
        { threads: 1, tokensPerSecond: 50 },
        { threads: 2, tokensPerSecond: 45 },
      ],
      chosen: 1,
    });
  });
  it('does not time a count again that lost by more than half', async () => {
    const timer = fakeTimer({ 1: [900, 950], 2: [3, 4] });
    const probe = await probeThreads([1, 2], timer);
    expect(timer.asked).toEqual([1, 2, 1]);
    expect(probe).toEqual({
      tried: [
        { threads: 1, tokensPerSecond: 950 },
        { threads: 2, tokensPerSecond: 3 },
      ],
      chosen: 1,
    });
  });
  it('leaves out a count that never produced two tokens', async () => {
    const timer = fakeTimer({ 1: [null, null], 2: [20, 22] });
    const probe = await probeThreads([1, 2], timer);
    expect(timer.asked).toEqual([1, 2, 2]);
    expect(probe).toEqual({ tried: [{ threads: 2, tokensPerSecond: 22 }], chosen: 2 });
  });
  it('says so when nothing could be timed', async () => {
    await expect(probeThreads([1, 2], fakeTimer({}))).rejects.toThrow(/set threads explicitly/);
  });
});
