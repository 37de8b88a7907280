import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  getLlama,
  LlamaLogLevel,
  type ControlledEvaluateInputItem,
  type Llama,
  type LlamaContext,
  type LlamaContextSequence,
  type LlamaModel,
  type Token,
} from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { logSoftmax } from '../engine/worker/fidelityChunk';
import { ensureFixtures } from '../gguf/fixtureCache';
import { buildCharVocab, CHAR_BOS, tokenizeChars } from '../gguf/skilled/charVocab';
import { forward, layoutOf, logitsAt } from '../gguf/skilled/llamaMath';
import { readSkilledWeights } from '../gguf/skilled/skilledLlama';
import { SKILLED_SETTINGS } from '../gguf/skilled/skilledModel';
import type { MultipleChoiceItem } from './multipleChoice';
import { scoreChoicesLocal } from './scoreChoicesLocal';

const ITEMS: MultipleChoiceItem[] = [
  { id: 'capital', context: 'capital of Norway =', choices: [' Oslo', ' Rome', ' Lima', ' Madrid'], answer: 0 },
  { id: 'sum', context: '23+45 =', choices: [' 86', ' 68', ' 67'], answer: 1 },
  { id: 'trailing-space', context: 'upper abc = ', choices: ['abc', 'ABC'], answer: 1 },
];

let dir: string;
let llama: Llama;
let model: LlamaModel;
let context: LlamaContext;
let reference: LlamaContextSequence;
let sequence: LlamaContextSequence;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'evalbench-loglikelihood-'));
  const fixtures = await ensureFixtures({ dir, skilled: true });
  llama = await getLlama({ gpu: false, build: 'never', logLevel: LlamaLogLevel.warn, logger: () => undefined });
  model = await llama.loadModel({ modelPath: fixtures.files.f32 });
  context = await model.createContext({ contextSize: 128, threads: 1, sequences: 2 });
  reference = context.getSequence();
  sequence = context.getSequence();
});
afterAll(async () => {
  await context.dispose();
  await model.dispose();
  await llama.dispose();
  await fs.rm(dir, { recursive: true, force: true });
});

/** The reference: the whole text evaluated once with logits at every position, continuation found by counting the context's own tokens. */
async function direct(contextText: string, choice: string): Promise<number> {
  const spaces = contextText.length - contextText.trimEnd().length;
  const ctx = contextText.slice(0, contextText.length - spaces);
  const whole = [CHAR_BOS, ...model.tokenize(ctx + contextText.slice(ctx.length) + choice).map(Number)];
  const n = 1 + model.tokenize(ctx).length;
  await reference.clearHistory();
  const outputs = await reference.controlledEvaluate(
    whole.map((t): ControlledEvaluateInputItem => [t as Token, { generateNext: { logits: true } }]),
  );
  await reference.clearHistory();
  let sum = 0;
  for (let i = n - 1; i < whole.length - 1; i++) {
    const z = new Float64Array(buildCharVocab().tokens.length);
    for (const [token, value] of outputs[i]?.next.logits ?? []) z[token as number] = value;
    sum += logSoftmax(z)[whole[i + 1] as number] as number;
  }
  return sum;
}

describe('log-likelihood scoring of multiple choice on the skilled fixture', () => {
  test('per-choice log-likelihoods equal a direct llama.cpp full-logits evaluation to 1e-4, and our own forward pass to 1e-2', async () => {
    const layout = layoutOf(SKILLED_SETTINGS.shape);
    const weights = Float64Array.from(await readSkilledWeights());
    const vocab = buildCharVocab();
    for (const item of ITEMS) {
      const scores = await scoreChoicesLocal(model, sequence, item);
      for (const [k, choice] of item.choices.entries()) {
        const ours = scores[k]?.logprob ?? NaN;
        expect(ours, `${item.id} ${choice}`).toBeLessThan(0);
        expect(Math.abs(ours - (await direct(item.context, choice))), `${item.id} ${choice}`).toBeLessThan(1e-4);
        // The context's own tokens, the BOS included (the trailing space goes with the choice).
        expect(scores[k]?.contextTokens, `${item.id} ${choice}`).toBe(1 + model.tokenize(item.context.trimEnd()).length);
        // An independent implementation: the trainer's own float64 forward pass (llama.cpp's float32
        // arithmetic differs from it by ~6e-4 of the largest logit, a summed log-probability by ~3e-3).
        const ctx = item.context.trimEnd();
        const tokens = [CHAR_BOS, ...tokenizeChars(vocab, ctx + item.context.slice(ctx.length) + choice)];
        const n = 1 + tokenizeChars(vocab, ctx).length;
        const cache = forward(layout, weights, tokens);
        let mine = 0;
        for (let i = n - 1; i < tokens.length - 1; i++)
          mine += logSoftmax(logitsAt(layout, weights, cache, i))[tokens[i + 1] as number] as number;
        expect(Math.abs(ours - mine), `${item.id} ${choice} (TypeScript forward)`).toBeLessThan(1e-2);
      }
      // The trailing space of the context moves to the continuation (lm-eval's split): " ABC" is 4 tokens.
      if (item.id === 'trailing-space') expect(scores.map((s) => s.tokens)).toEqual([4, 4]);
    }
  });

  test('stops between two forward passes when the signal fires, not at the end of the item', async () => {
    const item = { context: 'capital of Norway =', choices: Array.from({ length: 8 }, (_, i) => ` choice ${i}`) };
    const controller = new AbortController();
    const evaluate = sequence.controlledEvaluate.bind(sequence);
    let passes = 0;
    const spy = vi.spyOn(sequence, 'controlledEvaluate').mockImplementation(async (input, options) => {
      passes += 1;
      const outputs = await evaluate(input, options);
      if (passes === 2) controller.abort();
      return outputs;
    });
    try {
      const stopped = await scoreChoicesLocal(model, sequence, item, controller.signal).catch((e: unknown) => e);
      expect(stopped).toMatchObject({ name: 'AbortError', message: 'Log-likelihood scoring was cancelled after 2 of 8 choices.' });
      expect(passes).toBe(2);
    } finally {
      spy.mockRestore();
    }
    // The sequence is left clean: the next item scores as if nothing had happened.
    const again = await scoreChoicesLocal(model, sequence, ITEMS[0] as MultipleChoiceItem);
    expect(Math.abs((again[0]?.logprob ?? NaN) - (await direct('capital of Norway =', ' Oslo')))).toBeLessThan(1e-4);
  });
});
