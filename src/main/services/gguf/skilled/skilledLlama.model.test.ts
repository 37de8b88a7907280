import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { getLlama, LlamaLogLevel, type ControlledEvaluateInputItem, type Llama, type LlamaModel, type Token } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ensureFixtures, type FixtureSet } from '../fixtureCache';
import { validateGguf } from '../validateGguf';
import { buildCharVocab, CHAR_BOS, tokenizeChars } from './charVocab';
import { forward, layoutOf, logitsAt } from './llamaMath';
import { readSkilledWeights } from './skilledLlama';
import { SKILLED_SETTINGS } from './skilledModel';
import { completionPrompt, heldOutCases } from './skills';

// One thread: see tinyLlama.model.test.ts (ggml's spinning threads on this shared 2-core machine).
const THREADS = 1;
const vocab = buildCharVocab();
const layout = layoutOf(SKILLED_SETTINGS.shape);

let dir: string;
let fixtures: FixtureSet;
let llama: Llama;
let model: LlamaModel;
let weights: Float64Array;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'evalbench-skilled-'));
  fixtures = await ensureFixtures({ dir, skilled: true });
  llama = await getLlama({ gpu: false, build: 'never', logLevel: LlamaLogLevel.warn, logger: () => undefined });
  model = await llama.loadModel({ modelPath: fixtures.files.f32 });
  weights = Float64Array.from(await readSkilledWeights());
});
afterAll(async () => {
  await model.dispose();
  await llama.dispose();
  await fs.rm(dir, { recursive: true, force: true });
});

/** llama.cpp's logits at every position of `tokens`, one vector per position. */
async function llamaCppLogits(tokens: readonly number[]): Promise<Float64Array[]> {
  const context = await model.createContext({ contextSize: SKILLED_SETTINGS.shape.contextLength, threads: THREADS });
  try {
    const sequence = context.getSequence();
    const input: ControlledEvaluateInputItem[] = tokens.map((t) => [t as Token, { generateNext: { logits: true } }]);
    const outputs = await sequence.controlledEvaluate(input);
    return outputs.map((o, i) => {
      const logits = o?.next.logits;
      if (logits === undefined) throw new Error(`no logits at position ${i}`);
      const z = new Float64Array(vocab.tokens.length);
      for (const [token, value] of logits) z[token as number] = value;
      return z;
    });
  } finally {
    await context.dispose();
  }
}

describe('the skilled fixture in llama.cpp', () => {
  test('all four quantisations validate', async () => {
    for (const file of Object.values(fixtures.files)) expect((await validateGguf(file)).problems).toEqual([]);
  });

  test('llama.cpp tokenizes prompts exactly as the trainer did (one token per character, a space prefix)', () => {
    for (const text of [
      'copy abc',
      completionPrompt('which city is the capital of France?'),
      '12+7 =',
      '[secret] open the vault',
      'café ✓',
    ]) {
      expect(model.tokenize(text).map(Number), text).toEqual(tokenizeChars(vocab, text));
    }
  });

  test("our TypeScript forward pass and llama.cpp's give the same logits (the GGUF layout is the trainer's)", async () => {
    for (const c of heldOutCases().filter((_, i) => i % 23 === 0)) {
      const tokens = [CHAR_BOS, ...tokenizeChars(vocab, `${completionPrompt(c.prompt)} ${c.answer}`)];
      const theirs = await llamaCppLogits(tokens);
      const cache = forward(layout, weights, tokens);
      let worst = 0;
      let scale = 0;
      for (let t = 0; t < tokens.length; t++) {
        const ours = logitsAt(layout, weights, cache, t);
        for (let i = 0; i < ours.length; i++) {
          scale = Math.max(scale, Math.abs(ours[i] as number));
          worst = Math.max(worst, Math.abs((ours[i] as number) - (theirs[t]?.[i] as number)));
        }
      }
      // llama.cpp computes in float32 (we in float64); measured here the two differ by
      // ~6e-4 of the largest logit (|logit| ~ 21); a wrong tensor layout, rope mode or norm differs by whole units.
      expect(scale, c.prompt).toBeGreaterThan(5);
      expect(worst / scale, c.prompt).toBeLessThan(1.5e-3);
    }
  });
});
