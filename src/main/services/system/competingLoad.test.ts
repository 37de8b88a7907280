import { describe, expect, it } from 'vitest';
import {
  CompetingLoadMeter,
  mergeCompetingLoad,
  otherCores,
  parseMachineBusySeconds,
  summarizeCompetingLoad,
  type CpuReading,
} from './competingLoad';

describe('parseMachineBusySeconds', () => {
  it('adds user, nice, system, irq, softirq and steal, not idle or iowait', () => {
    expect(parseMachineBusySeconds('cpu  100 20 30 5000 400 1 2 3 0 0\ncpu0 50 10 15 2500 200 0 1 1 0 0\n')).toBeCloseTo(
      (100 + 20 + 30 + 1 + 2 + 3) / 100,
    );
    expect(parseMachineBusySeconds('intr 1 2 3\n')).toBeNull();
  });
});

describe('otherCores', () => {
  const at = (atMs: number, machineBusySeconds: number, ownSeconds: number): CpuReading => ({ atMs, machineBusySeconds, ownSeconds });
  it('is the machine busy time not spent by Evalbench, per second of wall time', () => {
    // 2 s: the machine used 3 CPU seconds, we used 1.8 of them: others kept 0.6 cores busy.
    expect(otherCores(at(0, 10, 5), at(2000, 13, 6.8))).toBeCloseTo(0.6);
  });
  it('never goes negative and needs time to pass', () => {
    expect(otherCores(at(0, 10, 5), at(1000, 10.5, 5.6))).toBe(0);
    expect(otherCores(at(1000, 10, 5), at(1000, 11, 5))).toBeNull();
  });
});

describe('summarizeCompetingLoad', () => {
  it('calls the machine busy when other load reaches half a core at the start or on average', () => {
    expect(summarizeCompetingLoad(2, 0.1, [0.1, 0.2]).busy).toBe(false);
    expect(summarizeCompetingLoad(2, 0.9, [0.1, 0.2]).busy).toBe(true);
    expect(summarizeCompetingLoad(2, 0, [0.4, 0.8])).toEqual({
      cores: 2,
      atStart: 0,
      mean: expect.closeTo(0.6) as number,
      peak: 0.8,
      samples: 2,
      busy: true,
    });
    expect(summarizeCompetingLoad(2, null, [])).toEqual({ cores: 2, atStart: null, mean: null, peak: null, samples: 0, busy: false });
  });
  it('keeps the worse figures of a resumed run', () => {
    const calm = summarizeCompetingLoad(2, 0, [0.1]);
    const busy = summarizeCompetingLoad(2, 1, [0.7]);
    expect(mergeCompetingLoad(busy, calm)).toMatchObject({ atStart: 1, peak: 0.7, samples: 2, busy: true });
  });
});

describe('CompetingLoadMeter', () => {
  it('measures a start window and samples during the run from its readings', async () => {
    // Others use one full core throughout; we use half a core.
    let t = 0;
    const meter = new CompetingLoadMeter({
      pids: () => [],
      intervalMs: 10,
      read: () => {
        t += 1000;
        return Promise.resolve({ atMs: t, machineBusySeconds: (t / 1000) * 1.5, ownSeconds: (t / 1000) * 0.5 });
      },
    });
    await meter.start(1);
    await new Promise((resolve) => setTimeout(resolve, 35));
    const load = await meter.stop();
    expect(load?.atStart).toBeCloseTo(1);
    expect(load?.samples).toBeGreaterThanOrEqual(1);
    expect(load?.mean).toBeCloseTo(1);
    expect(load?.busy).toBe(true);
  });
  it('records nothing where CPU time cannot be read', async () => {
    const meter = new CompetingLoadMeter({ pids: () => [], read: () => Promise.resolve(null) });
    await meter.start(1);
    expect(await meter.stop()).toBeNull();
  });
  it('reads this machine (Linux): a busy child process shows up as other load', async () => {
    if (process.platform !== 'linux') return;
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' });
    try {
      const meter = new CompetingLoadMeter({ pids: () => [] });
      await meter.start(800);
      const load = await meter.stop();
      // The spinning child is not one of ours (not in pids): it is other load, close to one core.
      expect(load?.atStart).toBeGreaterThan(0.3);
    } finally {
      child.kill();
    }
  });
});
