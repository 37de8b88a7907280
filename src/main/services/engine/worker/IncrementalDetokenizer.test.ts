import type { Token } from 'node-llama-cpp';
import { describe, expect, it } from 'vitest';
import { continuationOf, IncrementalDetokenizer } from './IncrementalDetokenizer';

/**
 * A byte-level vocabulary like a BPE model's: each token is some bytes, a leading space is
 * dropped from the first token of a text (SentencePiece style), and detokenizing decodes UTF-8,
 * so a character split across tokens comes out as U+FFFD until its last byte is there.
 */
function vocabulary(pieces: (string | number[])[]) {
  const bytes = pieces.map((p) => (typeof p === 'string' ? [...new TextEncoder().encode(p)] : p));
  const decode = (tokens: readonly Token[]): string => {
    const text = new TextDecoder().decode(Uint8Array.from(tokens.flatMap((t) => bytes[t] ?? [])));
    return text.startsWith(' ') ? text.slice(1) : text;
  };
  let calls = 0;
  let tokensSeen = 0;
  const counted = (tokens: readonly Token[]): string => {
    calls += 1;
    tokensSeen += tokens.length;
    return decode(tokens);
  };
  const continuation = continuationOf(counted);
  return { decode, continuation, stats: () => ({ calls, tokensSeen }) };
}

function detokenizeAll(pieces: (string | number[])[], tokens: number[]): { text: string; perToken: string[] } {
  const v = vocabulary(pieces);
  const d = new IncrementalDetokenizer(v.continuation);
  const perToken = tokens.map((t) => d.push(t as Token));
  const text = perToken.join('') + d.finish();
  expect(text).toBe(v.decode(tokens as Token[]));
  return { text, perToken };
}

describe('IncrementalDetokenizer', () => {
  it('joins to the same text as detokenizing everything, leading space rules included', () => {
    expect(detokenizeAll([' The', ' cat', ' sat', '.'], [0, 1, 2, 3]).perToken).toEqual(['The', ' cat', ' sat', '.']);
  });

  it('holds back a character whose UTF-8 bytes are split across tokens until it is whole', () => {
    // "é" is C3 A9; "中" is E4 B8 AD, split over three tokens, and one token ends one character and starts the next.
    const pieces = [' caf', [0xc3], [0xa9], ' ', [0xe4], [0xb8], [0xad, 0xe6], [0x96, 0x87], '!'];
    const { text, perToken } = detokenizeAll(pieces, [0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(text).toBe('café 中文!');
    expect(perToken).toEqual(['caf', '', 'é', ' ', '', '', '', '中文', '!']);
    expect(perToken.join('')).not.toContain('\uFFFD');
  });

  it('releases an unfinished character as U+FFFD at the end, and gives up waiting after 4 tokens', () => {
    expect(detokenizeAll(['a', [0xe4]], [0, 1]).text).toBe('a\uFFFD');
    expect(detokenizeAll(['a', [0x80]], [0, 1, 1, 1, 1, 0]).perToken.slice(1)).toEqual(['', '', '', '\uFFFD'.repeat(4), 'a']);
  });

  it('does constant work per token, not work that grows with the output', () => {
    const v = vocabulary([' word']);
    const d = new IncrementalDetokenizer(v.continuation);
    for (let i = 0; i < 2000; i++) d.push(0 as Token);
    const { calls, tokensSeen } = v.stats();
    expect(calls).toBeLessThanOrEqual(2 * 2000);
    expect(tokensSeen / 2000).toBeLessThanOrEqual(10);
  });
});
