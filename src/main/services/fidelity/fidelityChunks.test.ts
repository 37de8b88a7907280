import { describe, expect, it } from 'vitest';
import { defaultChunkTokens, fidelityChunks, fidelityStream, TextTooShortError } from './fidelityChunks';

const BOS = 1;
const text = Array.from({ length: 40 }, (_, i) => 100 + i);

describe('fidelity chunks', () => {
  it('start where llama-perplexity’s do: chunk k begins at token k·n of the BOS-prefixed stream, its first token replaced by BOS', () => {
    const chunks = fidelityChunks(fidelityStream(text, BOS), BOS, 16);
    // 41 tokens with BOS: two chunks of 16, the tail of 9 left out.
    expect(chunks).toHaveLength(2);
    // Chunk 0 is BOS + text[0..14]; chunk 1 is stream[16..31] = text[15..30] with text[15] replaced by BOS.
    expect(chunks[0]).toEqual([BOS, ...text.slice(0, 15)]);
    expect(chunks[1]).toEqual([BOS, ...text.slice(16, 31)]);
    // The scored half predicts text[22..30] in chunk 1: the tokens llama-perplexity scores there.
    expect(chunks[1]?.slice(8)).toEqual(text.slice(23, 31));
  });

  it('cuts from the first text token for a model without BOS, as llama.cpp does when add_bos is off', () => {
    const chunks = fidelityChunks(fidelityStream(text, null), null, 16);
    expect(chunks).toEqual([text.slice(0, 16), text.slice(16, 32)]);
  });

  it('uses at most the chunks asked for, and refuses a text shorter than one chunk', () => {
    expect(fidelityChunks(fidelityStream(text, BOS), BOS, 16, 1)).toHaveLength(1);
    expect(() => fidelityChunks(fidelityStream(text, BOS), BOS, 64)).toThrow(TextTooShortError);
    expect(() => fidelityChunks(fidelityStream(text, BOS), BOS, 64)).toThrow('The text has 41 tokens, fewer than one chunk of 64.');
  });

  it('defaults to 512, no more than the model was trained on or the text gives, and even', () => {
    expect(defaultChunkTokens(100_000, 4096)).toBe(512);
    expect(defaultChunkTokens(100_000, 256)).toBe(256);
    expect(defaultChunkTokens(67, 256)).toBe(66);
    expect(defaultChunkTokens(100_000, null)).toBe(512);
  });
});
