import { describe, expect, it } from 'vitest';
import type { TelemetrySample } from '../../../shared/telemetry';
import { TelemetrySampler } from './TelemetrySampler';

describe('TelemetrySampler', () => {
  it('samples RAM, machine CPU and the followed processes, with CPU use from the second sample on', async () => {
    const sampler = new TelemetrySampler({ intervalMs: 50, pids: () => [process.pid], onSample: () => undefined });
    const first = await sampler.sample();
    let spin = 0;
    const until = Date.now() + 60;
    while (Date.now() < until) spin += 1;
    const second = await sampler.sample();
    expect(spin).toBeGreaterThan(0);
    expect(first.ramUsedBytes).toBeGreaterThan(0);
    expect(first.ramUsedBytes).toBeLessThan(first.ramTotalBytes);
    expect(first.workers[0]?.cpuPercent).toBeNull();
    expect(second.workers[0]?.cpuPercent).toBeGreaterThan(10);
    expect(second.tMs).toBeGreaterThan(first.tMs);
  });

  it('keeps sampling on its timer until stopped, and drops a process that ended', async () => {
    const samples: TelemetrySample[] = [];
    const sampler = new TelemetrySampler({ intervalMs: 40, pids: () => [process.pid, 2 ** 22 + 999], onSample: (s) => samples.push(s) });
    sampler.start();
    await new Promise((r) => setTimeout(r, 400));
    await sampler.stop();
    const count = samples.length;
    await new Promise((r) => setTimeout(r, 150));
    expect(count).toBeGreaterThanOrEqual(2);
    expect(samples.length).toBe(count);
    expect(samples.every((s) => s.workers.length === 1)).toBe(true);
  });
});
