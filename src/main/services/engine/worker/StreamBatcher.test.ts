import { describe, expect, it } from 'vitest';
import { StreamBatcher } from './StreamBatcher';

function batcher(options = { intervalMs: 16, maxTokens: 4 }) {
  const sent: [string, number][] = [];
  return { sent, b: new StreamBatcher((text, tokens) => sent.push([text, tokens]), options) };
}

describe('StreamBatcher', () => {
  it('sends the first token at once, then one batch per interval', () => {
    const { sent, b } = batcher({ intervalMs: 16, maxTokens: 100 });
    b.add('a', 1, 0);
    b.add('b', 2, 5);
    b.add('c', 3, 10);
    expect(sent).toEqual([['a', 1]]);
    b.add('d', 4, 16);
    expect(sent).toEqual([
      ['a', 1],
      ['bcd', 4],
    ]);
  });

  it('sends a batch once enough tokens gathered, even within the interval', () => {
    const { sent, b } = batcher({ intervalMs: 1000, maxTokens: 3 });
    for (let i = 1; i <= 7; i++) b.add(String(i), i, i);
    expect(sent).toEqual([
      ['1', 1],
      ['234', 4],
      ['567', 7],
    ]);
  });

  it('flushes what is left at the end, with the final token count', () => {
    const { sent, b } = batcher({ intervalMs: 1000, maxTokens: 100 });
    b.add('a', 1, 0);
    b.add('b', 2, 1);
    b.add('', 3, 2);
    b.finish('c', 3, 3);
    expect(sent).toEqual([
      ['a', 1],
      ['bc', 3],
    ]);
  });

  it('sends nothing for empty text (a held-back split character)', () => {
    const { sent, b } = batcher({ intervalMs: 0, maxTokens: 1 });
    b.add('', 1, 0);
    b.finish('', 1, 1);
    expect(sent).toEqual([]);
  });
});
