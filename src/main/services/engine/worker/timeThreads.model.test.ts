import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { getLlama, LlamaLogLevel, type Llama, type LlamaModel } from 'node-llama-cpp';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ensureFixtures } from '../../gguf/fixtureCache';
import { contextThreadTimer, probePrompt } from './timeThreads';

let dir: string;
let llama: Llama;
let model: LlamaModel;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'evalbench-thread-timer-'));
  const fixtures = await ensureFixtures({ dir, skilled: true });
  llama = await getLlama({ gpu: false, build: 'never', logLevel: LlamaLogLevel.warn, logger: () => undefined });
  model = await llama.loadModel({ modelPath: fixtures.files.f32 });
});
afterAll(async () => {
  await model.dispose();
  await llama.dispose();
  await fs.rm(dir, { recursive: true, force: true });
});

test('the thread probe times decoding even on a model that ends its answer at once (the skilled fixture ends the probe prompt with EOS)', async () => {
  // The premise: greedy generation from the probe prompt stops after one token on this model.
  const context = await model.createContext({ contextSize: 128, threads: 1 });
  const generated: number[] = [];
  for await (const token of context.getSequence().evaluate(probePrompt(model), { temperature: 0 })) {
    generated.push(token);
    if (generated.length >= 4) break;
  }
  await context.dispose();
  expect(generated.length).toBeLessThan(2);

  const speed = await contextThreadTimer(model, { contextSize: 128, flashAttention: false }, llama.llamaCppRelease.release).time(1);
  expect(speed).not.toBeNull();
  expect(speed).toBeGreaterThan(0);
});
