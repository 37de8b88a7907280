import { createRequire } from 'node:module';
import path from 'node:path';
import { getLlama, type Llama } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../appPaths';

// The native loop's sampler (native/greedyLanes.cc) against the rule it must keep: the first of
// the greatest logits, as llama.cpp's greedy sampler and a plain scan pick, NaNs never winning.
let llama: Llama;
let argmax: (logits: Float32Array) => number;

beforeAll(async () => {
  // The addon binds to the llama.cpp libraries node-llama-cpp has loaded.
  llama = await getLlama({ gpu: false, build: 'never' });
  const file = path.join(packageRoot(), 'native', 'build', `${process.platform}-${process.arch}`, 'decodeLoop.node');
  argmax = (createRequire(import.meta.url)(file) as { argmax: typeof argmax }).argmax;
}, 60_000);
afterAll(async () => {
  await llama.dispose();
});

function plainScan(logits: Float32Array): number {
  let best = 0;
  for (let t = 1; t < logits.length; t++) if ((logits[t] ?? NaN) > (logits[best] ?? NaN)) best = t;
  return best;
}

describe.skipIf(process.env.EVALBENCH_NATIVE_DECODE === 'off')('the native loop’s greedy pick', () => {
  it('is the first of equal maxima wherever they fall in its blocks, at every length', () => {
    for (let n = 1; n <= 70; n++) {
      for (let at = 0; at < n; at++) {
        const logits = Float32Array.from({ length: n }, (_, i) => -1 - (i % 5));
        logits[at] = 3;
        if (at + 17 < n) logits[at + 17] = 3;
        expect(argmax(logits), `n=${n}, at=${at}`).toBe(at);
      }
    }
  });

  it('picks as a plain scan does among random logits, negative and infinite ones, ties and NaNs', () => {
    let seed = 7;
    const random = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let trial = 0; trial < 500; trial++) {
      const n = 1 + Math.floor(random() * 3200);
      const logits = Float32Array.from({ length: n }, () => Math.round((random() - 0.7) * 40) / 4);
      if (trial % 5 === 0) logits[Math.floor(random() * n)] = NaN;
      if (trial % 7 === 0) logits[Math.floor(random() * n)] = Infinity;
      if (trial % 11 === 0) logits[Math.floor(random() * n)] = -Infinity;
      expect(argmax(logits), `trial ${trial}`).toBe(plainScan(logits));
    }
  });

  it('passes over NaNs: one in a block does not hide the maximum later in its place of the block', () => {
    for (let at = 1; at < 16; at++) {
      const logits = new Float32Array(64).fill(0);
      logits[at] = NaN;
      logits[at + 16] = 5;
      expect(argmax(logits), `NaN at ${at}`).toBe(at + 16);
    }
  });

  it('keeps token 0 when the first logit is NaN, as a plain scan does, and when all are equal', () => {
    expect(argmax(Float32Array.of(NaN, 1, 2))).toBe(0);
    expect(argmax(new Float32Array(40).fill(-2))).toBe(0);
    expect(argmax(Float32Array.of(-0, 0))).toBe(0);
    expect(argmax(Float32Array.of(0, -0))).toBe(0);
  });
});
