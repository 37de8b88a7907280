import type { BatchItem, LlamaContext, PrioritizedBatchItem } from 'node-llama-cpp';

interface QueuedDecode {
  tokens: readonly number[];
  sequenceId: number;
}

/**
 * A batching strategy that hands llama.cpp each batch's items in sequence-id order, sharing the
 * batch's token slots evenly. node-llama-cpp queues items in arrival order, which makes
 * llama.cpp split a batch across sequences; ordering them keeps one decode per step. The
 * sequence id is not on the public batch item, so it is read from the context's queue, matched
 * by the (shared) token array; anything unmatched keeps its arrival order at the end.
 */
export function sequenceOrderStrategy(getContext: () => LlamaContext | null) {
  return ({ items, size }: { items: readonly BatchItem[]; size: number }): PrioritizedBatchItem[] => {
    const queue = (getContext() as unknown as { _queuedDecodes?: readonly QueuedDecode[] } | null)?._queuedDecodes ?? [];
    const ids = new Map<readonly number[], number>();
    for (const decode of queue) ids.set(decode.tokens, decode.sequenceId);
    const ordered = items
      .map((item, index) => ({ item, index, id: ids.get(item.tokens as readonly number[]) ?? Number.MAX_SAFE_INTEGER }))
      .sort((a, b) => a.id - b.id || a.index - b.index)
      .map((e) => e.item);
    return shareSlots(ordered, size);
  };
}

/** Gives every item an equal share of the batch, then hands what is left to those that want more. */
export function shareSlots(items: readonly BatchItem[], size: number): PrioritizedBatchItem[] {
  const result: PrioritizedBatchItem[] = items.map((item) => ({ item, processAmount: 0 }));
  let left = size;
  while (left > 0) {
    const wanting = result.filter((r) => r.processAmount < r.item.tokens.length);
    if (wanting.length === 0) break;
    const share = Math.max(1, Math.floor(left / wanting.length));
    for (const r of wanting) {
      const add = Math.min(share, r.item.tokens.length - r.processAmount, left);
      r.processAmount += add;
      left -= add;
      if (left === 0) break;
    }
  }
  return result.filter((r) => r.processAmount > 0);
}
