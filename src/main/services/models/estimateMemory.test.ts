import { describe, expect, it } from 'vitest';
import type { LoadEstimate } from '../engine/protocol';
import { estimateMemory } from './estimateMemory';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
// Llama-3-8B Q4_K_M at 8192 tokens on an AVX2 CPU: 4.58 GiB mapped, most of it repacked, a 1 GiB f16 KV cache.
const llama8b: LoadEstimate = {
  weightsBytes: 4.58 * GiB,
  repackBytes: 3.9 * GiB,
  kvCacheBytes: GiB,
  computeBytes: 560 * MiB,
  runtimeBytes: 12 * MiB,
};

describe('estimateMemory', () => {
  it('adds the CPU repack copy to the weights and the runtime share to the compute buffers', () => {
    const e = estimateMemory(llama8b, 8192, { totalRam: 64 * GiB, freeRam: 32 * GiB });
    expect(e.weightsBytes).toBe(Math.round(8.48 * GiB));
    expect(e.kvCacheBytes).toBe(GiB);
    expect(e.computeBytes).toBe(572 * MiB);
    expect(e.totalBytes).toBe(e.weightsBytes + e.kvCacheBytes + e.computeBytes);
    expect(e.fits).toBe('yes');
    expect(e.gpuFits).toBeNull();
  });

  it('warns when it exceeds free RAM, refuses when it exceeds all RAM, and judges the GPU without the CPU copy', () => {
    expect(estimateMemory(llama8b, 8192, { totalRam: 16 * GiB, freeRam: 8 * GiB }).fits).toBe('tight');
    const tooBig = estimateMemory({ ...llama8b, kvCacheBytes: 16 * GiB }, 131072, {
      totalRam: 8 * GiB,
      freeRam: 6 * GiB,
      gpus: [{ name: 'RTX 4060', vramTotalBytes: 8 * GiB, vramFreeBytes: 7 * GiB }],
    });
    expect(tooBig.fits).toBe('no');
    expect(tooBig.gpuFits).toBe('no');
    expect(tooBig.message).toMatch(/more than this machine's 8\.0 GiB of RAM/);
    expect(tooBig.message).toMatch(/RTX 4060/);
    // 10.0 GiB on the CPU (with the repacked copy), 6.1 GiB without that copy fully offloaded: fits an 8 GiB card.
    const gpu = estimateMemory(llama8b, 8192, {
      totalRam: 8 * GiB,
      freeRam: 6 * GiB,
      gpus: [{ name: 'RTX 4060', vramTotalBytes: 8 * GiB, vramFreeBytes: 7 * GiB }],
    });
    expect(gpu.fits).toBe('no');
    expect(gpu.gpuFits).toBe('yes');
  });

  it('speaks of small models in MiB rather than "0.00 GiB"', () => {
    const tiny: LoadEstimate = {
      weightsBytes: 600 * 1024,
      repackBytes: 0,
      kvCacheBytes: 256 * 1024,
      computeBytes: 1.5 * MiB,
      runtimeBytes: 11 * MiB,
    };
    expect(estimateMemory(tiny, 256, { totalRam: 16 * GiB, freeRam: 8 * GiB }).message).toMatch(
      /^Needs about \d+\.\d MiB of the 8\.0 GiB of RAM free now\.$/,
    );
  });
});
