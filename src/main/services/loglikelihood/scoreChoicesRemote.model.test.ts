import fs from 'node:fs/promises';
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
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { logSoftmax } from '../engine/worker/fidelityChunk';
import { ensureFixtures } from '../gguf/fixtureCache';
import { multipleChoiceFigures } from './multipleChoice';
import { parseMultipleChoiceJsonl } from './parseMultipleChoiceJsonl';
import { startFakeScoringServer, type FakeKind, type FakeLm, type FakeScoringServer } from './remote/testing/fakeScoringServer';
import { scoreChoicesLocal } from './scoreChoicesLocal';
import { openRemoteScoring, scoreChoicesRemote } from './scoreChoicesRemote';
import type { ServerDialect } from '../../../shared/remoteModel';

const SET = path.resolve(import.meta.dirname, '../../../../resources/examples/skills-choice.jsonl');

let llama: Llama;
let model: LlamaModel;
let context: LlamaContext;
let local: LlamaContextSequence;
let served: LlamaContextSequence;
const servers: FakeScoringServer[] = [];

beforeAll(async () => {
  const fixtures = await ensureFixtures({ skilled: true });
  llama = await getLlama({ gpu: false, build: 'never', logLevel: LlamaLogLevel.warn, logger: () => undefined });
  model = await llama.loadModel({ modelPath: fixtures.files.f32 });
  context = await model.createContext({ contextSize: 128, threads: 1, sequences: 2 });
  local = context.getSequence();
  served = context.getSequence();
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await context.dispose();
  await model.dispose();
  await llama.dispose();
});

/** The model as a server sees it: llama.cpp's tokenizer, and full logits at every position turned into log-probabilities. */
function servedModel(): FakeLm {
  return {
    bos: model.tokens.shouldPrependBosToken ? model.tokens.bos : null,
    tokenize: (text) => model.tokenize(text).map(Number),
    piece: (id) => model.detokenize([id as Token], true),
    // As vLLM's incremental detokenizer: each token's text is what it adds to the text so far.
    pieces: (ids) =>
      ids.map((_, k) => model.detokenize(ids.slice(0, k + 1) as Token[]).slice(model.detokenize(ids.slice(0, k) as Token[]).length)),
    score: async (ids) => {
      await served.clearHistory();
      const outputs = await served.controlledEvaluate(
        ids.map((t): ControlledEvaluateInputItem => [t as Token, { generateNext: { logits: true } }]),
      );
      await served.clearHistory();
      return ids.slice(1).map((t, i) => {
        const logits = outputs[i]?.next.logits;
        if (logits === undefined) throw new Error(`no logits at position ${i}`);
        // The logits map covers the whole vocabulary.
        const z = new Float64Array(logits.size);
        for (const [token, value] of logits) z[token as number] = value;
        const lp = logSoftmax(z);
        let best = 0;
        for (let k = 1; k < lp.length; k++) if ((lp[k] as number) > (lp[best] as number)) best = k;
        return { logprob: lp[t] as number, top: { id: best, logprob: lp[best] as number } };
      });
    },
  };
}

describe('remote log-likelihood against local on the skilled fixture', () => {
  test.each([
    ['vllm', 'vllm'],
    ['vllm-no-echo', 'vllm'],
    ['openai-text', 'openai'],
    ['llama-server', 'llama-server'],
  ] as const)(
    'a %s server (dialect %s) serving the model gives the same per-choice log-likelihoods, acc and acc_norm as local scoring',
    async (kind: FakeKind, dialect: ServerDialect) => {
      const { items, errors } = parseMultipleChoiceJsonl(await fs.readFile(SET, 'utf8'), SET);
      expect(errors).toEqual([]);
      const subset = kind === 'llama-server' ? items.filter((_, i) => i % 4 === 0) : items;
      const server = await startFakeScoringServer(kind, servedModel());
      servers.push(server);
      const scoring = openRemoteScoring({ baseUrl: `${server.origin}/v1`, model: 'skilled-llama-f32', dialect, retries: 0 }, { env: {} });
      let accLocal = 0;
      let accRemote = 0;
      for (const item of subset) {
        const mine = await scoreChoicesLocal(model, local, item);
        const theirs = await scoreChoicesRemote(scoring, item);
        expect(
          theirs.map((s) => s.tokens),
          item.id,
        ).toEqual(mine.map((s) => s.tokens));
        expect(
          theirs.map((s) => s.greedy),
          item.id,
        ).toEqual(mine.map((s) => s.greedy));
        theirs.forEach((s, k) =>
          expect(Math.abs(s.logprob - (mine[k]?.logprob ?? NaN)), `${item.id} ${item.choices[k]}`).toBeLessThan(1e-9),
        );
        const a = multipleChoiceFigures(item, mine);
        const b = multipleChoiceFigures(item, theirs);
        expect({ acc: b.acc, accNorm: b.accNorm }, item.id).toEqual({ acc: a.acc, accNorm: a.accNorm });
        expect(b.probCorrect).toBeCloseTo(a.probCorrect, 9);
        accLocal += a.acc;
        accRemote += b.acc;
      }
      expect(accRemote).toBe(accLocal);
      // The trained fixture knows these: far above chance, so equal accuracy is not two zeros.
      expect(accLocal / subset.length).toBeGreaterThan(0.5);
    },
    120_000,
  );
});
