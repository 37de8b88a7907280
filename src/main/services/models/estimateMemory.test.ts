import { describe, expect, it } from 'vitest';
import type { ModelMetadata } from '../../../shared/models';
import { estimateMemory } from './estimateMemory';

const GiB = 1024 ** 3;
const llama8b: ModelMetadata = {
  architecture: 'llama',
  name: 'Llama 3 8B',
  parameterCount: 8.03e9,
  fileType: 'Q4_K_M',
  dominantTensorType: 'Q4_K',
  bitsPerWeight: 4.89,
  contextLength: 8192,
  layerCount: 32,
  embeddingLength: 4096,
  headCount: 32,
  headCountKv: 8,
  vocabularySize: 128256,
  tokenizer: 'gpt2',
  chatTemplate: null,
  ggufVersion: 3,
  tensorCount: 291,
  tensorBytes: 4.58 * GiB,
};

describe('estimateMemory', () => {
  it('sizes an f16 KV cache as llama.cpp allocates it: 2 × layers × context × KV heads × head size × 2 bytes', () => {
    // Llama-3-8B at 8192 tokens: 2 * 32 * 8192 * 8 * 128 * 2 = 1 GiB, the figure llama.cpp prints.
    const e = estimateMemory(llama8b, 8192, { totalRam: 64 * GiB, freeRam: 32 * GiB });
    expect(e.kvCacheBytes).toBe(GiB);
    expect(e.totalBytes).toBe(e.weightsBytes + e.kvCacheBytes + e.computeBytes);
    expect(e.fits).toBe('yes');
    expect(e.gpuFits).toBeNull();
  });

  it('warns when it exceeds free RAM, refuses when it exceeds all RAM, and judges the GPU', () => {
    expect(estimateMemory(llama8b, 8192, { totalRam: 16 * GiB, freeRam: 4 * GiB }).fits).toBe('tight');
    const tooBig = estimateMemory(llama8b, 131072, { totalRam: 8 * GiB, freeRam: 6 * GiB, gpus: [{ name: 'RTX 4060', vramTotalBytes: 8 * GiB, vramFreeBytes: 7 * GiB }] });
    expect(tooBig.fits).toBe('no');
    expect(tooBig.gpuFits).toBe('no');
    expect(tooBig.message).toMatch(/more than this machine's 8\.0 GiB of RAM/);
    expect(tooBig.message).toMatch(/RTX 4060/);
  });

  it('speaks of small models in MiB rather than "0.00 GiB"', () => {
    const tiny = { ...llama8b, tensorBytes: 600 * 1024, layerCount: 2, embeddingLength: 64, headCount: 4, headCountKv: 2, vocabularySize: 626 };
    expect(estimateMemory(tiny, 256, { totalRam: 16 * GiB, freeRam: 8 * GiB }).message).toMatch(/^Needs about \d+\.\d MiB of the 8\.0 GiB of RAM free now\.$/);
  });
});
