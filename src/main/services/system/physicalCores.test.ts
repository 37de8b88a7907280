import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { fromCpuinfo, physicalCores } from './physicalCores';

const block = (physical: number, core: number) => `processor\t: x\nphysical id\t: ${physical}\ncore id\t\t: ${core}\n\n`;

describe('physicalCores', () => {
  it('counts hyper-threaded siblings once', () => {
    const text = [block(0, 0), block(0, 1), block(0, 0), block(0, 1)].join('');
    expect(fromCpuinfo(text)).toBe(2);
  });
  it('keeps cores with the same id on different sockets apart', () => {
    expect(fromCpuinfo([block(0, 0), block(1, 0)].join(''))).toBe(2);
  });
  it('says nothing when the file has no core ids (some ARM and VM kernels)', () => {
    expect(fromCpuinfo('processor\t: 0\nBogoMIPS\t: 50\n')).toBeNull();
  });
  it('never exceeds the logical processor count', () => {
    expect(physicalCores()).toBeGreaterThan(0);
    expect(physicalCores()).toBeLessThanOrEqual(os.availableParallelism());
  });
});
