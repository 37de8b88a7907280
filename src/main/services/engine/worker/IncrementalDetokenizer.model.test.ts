import { getLlama, type Llama, type LlamaModel } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFixtures } from '../../gguf/fixtureCache';
import { continuationOf, IncrementalDetokenizer } from './IncrementalDetokenizer';

let llama: Llama;
let model: LlamaModel;

beforeAll(async () => {
  const fixtures = await ensureFixtures();
  llama = await getLlama({ gpu: false, build: 'never' });
  model = await llama.loadModel({ modelPath: fixtures.files.q8_0 });
}, 60_000);
afterAll(async () => {
  await model.dispose();
  await llama.dispose();
});

describe('IncrementalDetokenizer with a real tokenizer', () => {
  it('adds up to what detokenizing the whole output gives, multi-byte characters included', () => {
    for (const text of ['The quick brown fox', ' leading space, then  two', 'café naïve 中文 😀 done', 'line\nbreak\ttab']) {
      const tokens = model.tokenize(text);
      const d = new IncrementalDetokenizer(continuationOf((t) => model.detokenize(t)));
      const pieces = tokens.map((t) => d.push(t));
      expect(pieces.join('') + d.finish()).toBe(model.detokenize(tokens));
      expect(pieces.join('')).not.toContain('\uFFFD');
    }
  });
});
