import { describe, expect, it } from 'vitest';
import type { TelemetrySample } from '../../../shared/telemetry';
import { TelemetrySampler } from './TelemetrySampler';

describe('TelemetrySampler', () => {
  it('samples RAM, machine CPU and the followed processes, with CPU use from the second sample on', async () => {
    const sampler = new TelemetrySampler({ intervalMs: 50, pids: () => [process.pid], onSample: () => undefined });
    const wall0 = performance.now();
    const cpu0 = process.cpuUsage();
    const first = await sampler.sample();
    // Burn a fixed amount of CPU time (not wall time): on a loaded machine a wall-time spin gets
    // only a share of a core, and any fixed percentage threshold becomes a coin toss.
    let spin = 0;
    const burned = (): number => {
      const used = process.cpuUsage(cpu0);
      return (used.user + used.system) / 1000;
    };
    while (burned() < 150) spin += 1;
    const second = await sampler.sample();
    const ownPercent = (burned() / (performance.now() - wall0)) * 100;
    expect(spin).toBeGreaterThan(0);
    expect(first.ramUsedBytes).toBeGreaterThan(0);
    expect(first.ramUsedBytes).toBeLessThan(first.ramTotalBytes);
    expect(first.workers[0]?.cpuPercent).toBeNull();
    // The sampler reads the kernel's 10 ms ticks between its two samples; our own bracket is a
    // little wider, so the two agree within a tolerance, whatever the machine's load.
    const sampled = second.workers[0]?.cpuPercent ?? 0;
    expect(sampled).toBeGreaterThan(ownPercent * 0.5);
    expect(sampled).toBeLessThan(ownPercent * 1.6 + 10);
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
