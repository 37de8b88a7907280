import { describe, expect, it } from 'vitest';
import { cpuFeatures, cpuRepackBytes, type CpuFeatures, type WeightTensor } from './cpuRepack';

const avx2: CpuFeatures = { arch: 'x64', avx2: true, avx512: false, dotprod: false };
const Q4_0 = 2;
const Q8_0 = 8;
const F16 = 1;
const Q2_K = 10;

describe('cpuRepackBytes', () => {
  it('counts a second copy of Q4_0 matrix weights on AVX2 (rows a multiple of 8), never the token embedding', () => {
    const tensors: WeightTensor[] = [
      { name: 'token_embd.weight', dimensions: [512, 3104], ggmlType: Q4_0 },
      { name: 'blk.0.attn_q.weight', dimensions: [512, 512], ggmlType: Q4_0 },
      { name: 'blk.0.attn_norm.weight', dimensions: [512], ggmlType: Q4_0 },
      { name: 'output.weight', dimensions: [512, 3104], ggmlType: Q4_0 },
      { name: 'blk.0.odd.weight', dimensions: [512, 12], ggmlType: Q4_0 },
      { name: 'blk.0.ffn_up.weight', dimensions: [512, 1280], ggmlType: F16 },
    ];
    // 512 values per row are 16 blocks of 18 bytes.
    expect(cpuRepackBytes(tensors, avx2)).toBe(16 * 18 * (512 + 3104));
  });

  it('follows the instruction set: nothing without AVX2, Q8_0 only on ARM, Q2_K only with AVX-512', () => {
    const q40: WeightTensor[] = [{ name: 'w', dimensions: [256, 256], ggmlType: Q4_0 }];
    const q80: WeightTensor[] = [{ name: 'w', dimensions: [256, 256], ggmlType: Q8_0 }];
    const q2k: WeightTensor[] = [{ name: 'w', dimensions: [256, 256], ggmlType: Q2_K }];
    expect(cpuRepackBytes(q40, { ...avx2, avx2: false })).toBe(0);
    expect(cpuRepackBytes(q80, avx2)).toBe(0);
    expect(cpuRepackBytes(q80, { arch: 'arm64', avx2: false, avx512: false, dotprod: true })).toBe(8 * 34 * 256);
    expect(cpuRepackBytes(q2k, avx2)).toBe(0);
    expect(cpuRepackBytes(q2k, { ...avx2, avx512: true })).toBe(84 * 256);
  });
});

describe('cpuFeatures', () => {
  it('reads the flags line of /proc/cpuinfo', () => {
    const f = cpuFeatures('processor\t: 0\nflags\t\t: fpu sse2 avx avx2 fma avx512f avx512bw\n');
    expect(f.avx2).toBe(true);
    expect(f.avx512).toBe(true);
    expect(cpuFeatures('flags\t\t: fpu sse2 avx\n').avx2).toBe(false);
  });
});
