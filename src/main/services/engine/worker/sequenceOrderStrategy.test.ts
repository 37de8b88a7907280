import type { BatchItem, LlamaContext } from 'node-llama-cpp';
import { describe, expect, it } from 'vitest';
import { sequenceOrderStrategy, shareSlots } from './sequenceOrderStrategy';

const item = (n: number): BatchItem => ({
  tokens: Array.from({ length: n }, (_, i) => i) as unknown as BatchItem['tokens'],
  logits: [],
  evaluationPriority: 5,
});

describe('sequenceOrderStrategy', () => {
  it('orders items by their sequence id, not by arrival', () => {
    const [a, b, c] = [item(1), item(1), item(1)] as [BatchItem, BatchItem, BatchItem];
    const context = {
      _queuedDecodes: [
        { tokens: a.tokens, sequenceId: 2 },
        { tokens: b.tokens, sequenceId: 0 },
        { tokens: c.tokens, sequenceId: 1 },
      ],
    } as unknown as LlamaContext;
    const prioritized = sequenceOrderStrategy(() => context)({ items: [a, b, c], size: 512 });
    expect(prioritized.map((p) => p.item)).toEqual([b, c, a]);
    expect(prioritized.every((p) => p.processAmount === 1)).toBe(true);
  });

  it('keeps arrival order for items it cannot match', () => {
    const [a, b] = [item(2), item(3)] as [BatchItem, BatchItem];
    const prioritized = sequenceOrderStrategy(() => null)({ items: [a, b], size: 512 });
    expect(prioritized.map((p) => p.item)).toEqual([a, b]);
  });
});

describe('shareSlots', () => {
  it('never hands out more than the batch size, and shares it fairly', () => {
    const prioritized = shareSlots([item(100), item(3), item(100)], 64);
    expect(prioritized.reduce((sum, p) => sum + p.processAmount, 0)).toBe(64);
    expect(prioritized[1]?.processAmount).toBe(3);
    expect(Math.abs((prioritized[0]?.processAmount ?? 0) - (prioritized[2]?.processAmount ?? 0))).toBeLessThanOrEqual(1);
  });

  it('gives everything when there is room', () => {
    expect(shareSlots([item(5), item(7)], 512).map((p) => p.processAmount)).toEqual([5, 7]);
  });
});
