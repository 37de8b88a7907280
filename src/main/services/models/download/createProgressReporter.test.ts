import { describe, expect, it } from 'vitest';
import { createProgressReporter, type DownloadProgress } from './createProgressReporter';

function setup(): { events: DownloadProgress[]; clock: { t: number }; reporter: ReturnType<typeof createProgressReporter> } {
  const events: DownloadProgress[] = [];
  const clock = { t: 0 };
  const reporter = createProgressReporter('m.gguf', (e) => events.push(e), { intervalMs: 250, now: () => clock.t });
  return { events, clock, reporter };
}

describe('createProgressReporter', () => {
  it('reports at most every interval, and always at the end', () => {
    const { events, clock, reporter } = setup();
    for (let ms = 0; ms <= 1000; ms += 10) {
      clock.t = ms;
      reporter.update(ms * 1000, 2_000_000);
    }
    reporter.finish(2_000_000, 2_000_000);
    expect(events.map((e) => e.receivedBytes)).toEqual([0, 250_000, 500_000, 750_000, 1_000_000, 2_000_000]);
    expect(events.at(-1)).toEqual({
      file: 'm.gguf',
      receivedBytes: 2_000_000,
      totalBytes: 2_000_000,
      bytesPerSecond: expect.any(Number) as unknown,
    });
  });

  it('measures speed over the last seconds, not counting resumed bytes', () => {
    const { events, clock, reporter } = setup();
    reporter.restart(5_000_000);
    clock.t = 1000;
    reporter.update(6_000_000, null);
    expect(events.at(-1)).toMatchObject({ receivedBytes: 6_000_000, totalBytes: null, bytesPerSecond: 1_000_000 });
    // A stall: after the window passes with no bytes, the speed falls to zero instead of averaging forever.
    clock.t = 5000;
    reporter.update(6_000_000, null);
    clock.t = 9000;
    reporter.update(6_000_000, null);
    expect(events.at(-1)?.bytesPerSecond).toBe(0);
  });

  it('starts the speed over when the download restarts from zero', () => {
    const { events, clock, reporter } = setup();
    clock.t = 1000;
    reporter.update(4_000_000, null);
    clock.t = 2000;
    reporter.update(100_000, null);
    expect(events.at(-1)?.bytesPerSecond).toBe(0);
    clock.t = 3000;
    reporter.update(600_000, null);
    expect(events.at(-1)?.bytesPerSecond).toBe(500_000);
  });
});
