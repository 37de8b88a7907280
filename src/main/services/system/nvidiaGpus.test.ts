import { describe, expect, it } from 'vitest';
import { parseNvidiaSmi, queryNvidiaGpus } from './nvidiaGpus';

describe('parseNvidiaSmi', () => {
  it('reads name, memory in MiB, utilisation and driver for each GPU', () => {
    const text = 'NVIDIA H100 80GB HBM3, 81559, 1024, 37, 570.86.15\nNVIDIA GeForce RTX 4090, 24564, 0, [N/A], 570.86.15\n';
    expect(parseNvidiaSmi(text)).toEqual([
      {
        name: 'NVIDIA H100 80GB HBM3',
        vramTotalBytes: 81559 * 1048576,
        vramUsedBytes: 1024 * 1048576,
        utilizationPercent: 37,
        driverVersion: '570.86.15',
      },
      {
        name: 'NVIDIA GeForce RTX 4090',
        vramTotalBytes: 24564 * 1048576,
        vramUsedBytes: 0,
        utilizationPercent: null,
        driverVersion: '570.86.15',
      },
    ]);
  });
  it('ignores blank and garbled lines', () => {
    expect(parseNvidiaSmi('\nNo devices were found\n')).toEqual([]);
  });
  it('answers an empty list, not an error, where there is no nvidia-smi', async () => {
    const gpus = await queryNvidiaGpus(2000);
    expect(Array.isArray(gpus)).toBe(true);
  });
});
