import { describe, expect, test } from 'vitest';
import { buildTinyVocab, SPACE, TokenType, type TinyVocab } from './tinyVocab';

/** llama.cpp's SentencePiece merge loop in miniature: merge the best-scoring adjacent pair that is a token. */
function spmTokenize(vocab: TinyVocab, text: string): string[] {
  const score = new Map(vocab.tokens.map((t, i) => [t, vocab.scores[i] ?? 0]));
  // Array.from splits into code points, as llama.cpp splits into UTF-8 characters.
  const symbols = Array.from(SPACE + text.replaceAll(' ', SPACE));
  for (;;) {
    let best = -1;
    let bestScore = -Infinity;
    for (let i = 0; i + 1 < symbols.length; i++) {
      const s = score.get((symbols[i] ?? '') + (symbols[i + 1] ?? ''));
      if (s !== undefined && s > bestScore) {
        best = i;
        bestScore = s;
      }
    }
    if (best < 0) break;
    symbols.splice(best, 2, (symbols[best] ?? '') + (symbols[best + 1] ?? ''));
  }
  return symbols.flatMap((s) =>
    score.has(s) ? [s] : [...Buffer.from(s, 'utf8')].map((b) => `<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`),
  );
}

describe.each(['tiny', 'bench'] as const)('%s vocabulary', (size) => {
  const vocab = buildTinyVocab(size);

  test('starts with <unk>, <s>, </s> and the 256 byte tokens, typed for llama.cpp', () => {
    expect(vocab.tokens.slice(0, 3)).toEqual(['<unk>', '<s>', '</s>']);
    expect(vocab.types.slice(0, 3)).toEqual([TokenType.unknown, TokenType.control, TokenType.control]);
    expect(vocab.tokens[3]).toBe('<0x00>');
    expect(vocab.tokens[3 + 0x0a]).toBe('<0x0A>');
    expect(vocab.tokens[258]).toBe('<0xFF>');
    expect(vocab.types.slice(3, 259).every((t) => t === TokenType.byte)).toBe(true);
    expect(vocab.types.slice(259).every((t) => t === TokenType.normal)).toBe(true);
  });

  test('has no repeated token (llama.cpp aborts on one) and parallel arrays of equal length', () => {
    expect(new Set(vocab.tokens).size).toBe(vocab.tokens.length);
    expect(vocab.scores.length).toBe(vocab.tokens.length);
    expect(vocab.types.length).toBe(vocab.tokens.length);
  });

  test('every multi-character piece has its prefix in the vocabulary, so merges can reach it', () => {
    const all = new Set(vocab.tokens);
    for (const token of vocab.tokens.slice(259)) {
      const chars = Array.from(token);
      if (chars.length > 1) expect(all.has(chars.slice(0, -1).join('')), token).toBe(true);
    }
  });

  test('marks whole words, not their partial prefixes', () => {
    const id = (piece: string): number => vocab.tokens.indexOf(piece);
    expect(vocab.wholeWord[id(`${SPACE}hello`)]).toBe(true);
    expect(vocab.wholeWord[id(`${SPACE}hel`)]).toBe(false);
    expect(vocab.wholeWord[id('<s>')]).toBe(false);
    expect(vocab.wholeWord.length).toBe(vocab.tokens.length);
  });

  test('"hello world" becomes two word pieces; unknown characters fall back to bytes', () => {
    expect(spmTokenize(vocab, 'hello world')).toEqual([`${SPACE}hello`, `${SPACE}world`]);
    expect(spmTokenize(vocab, 'the cat é')).toEqual([`${SPACE}the`, `${SPACE}cat`, SPACE, '<0xC3>', '<0xA9>']);
  });
});

test('sizes: about 600 tokens for tiny and 2,000-4,000 for bench', () => {
  expect(buildTinyVocab('tiny').tokens.length).toBeGreaterThan(400);
  expect(buildTinyVocab('tiny').tokens.length).toBeLessThan(700);
  expect(buildTinyVocab('bench').tokens.length).toBeGreaterThan(2000);
  expect(buildTinyVocab('bench').tokens.length).toBeLessThan(4000);
});
