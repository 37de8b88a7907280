import { describe, expect, it } from 'vitest';
import { processMemory, vmHwmBytes } from './processMemory';

describe('processMemory', () => {
  it('reads VmHWM from a /proc status text, in bytes', () => {
    expect(vmHwmBytes('Name:\tnode\nVmPeak:\t 9000000 kB\nVmHWM:\t  107924 kB\nVmRSS:\t  90000 kB\n')).toBe(107924 * 1024);
    expect(vmHwmBytes('Name:\tnode\nVmRSS:\t 90000 kB\n')).toBeNull();
  });

  it.runIf(process.platform === 'linux')('takes the peak from VmHWM on Linux, never below the current RSS', () => {
    const memory = processMemory(() => 'VmHWM:\t 1 kB\n');
    expect(memory.peakSource).toBe('VmHWM');
    expect(memory.peakRssBytes).toBe(memory.rssBytes);
    const real = processMemory();
    expect(real.peakSource).toBe('VmHWM');
    expect(real.peakRssBytes).toBeGreaterThanOrEqual(real.rssBytes);
  });

  it('falls back to maxRSS, and says so, when /proc cannot be read', () => {
    const memory = processMemory(() => null);
    expect(memory.peakSource).toBe('maxRSS');
    expect(memory.peakRssBytes).toBeGreaterThanOrEqual(memory.rssBytes);
  });
});
