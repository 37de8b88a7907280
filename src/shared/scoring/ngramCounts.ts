/**
 * Counts the n-grams of orders `minOrder`…`maxOrder` in a token list (a Python `Counter` of
 * tuples). Tokens never contain a space, so joining with one gives an unambiguous key.
 */
export function ngramCounts(tokens: readonly string[], minOrder: number, maxOrder: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let n = minOrder; n <= maxOrder; n++) {
    for (let i = 0; i + n <= tokens.length; i++) {
      const key = tokens.slice(i, i + n).join(' ');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

/** Sum of the clipped counts: Python's `sum((a & b).values())`. */
export function overlapCount(hyp: ReadonlyMap<string, number>, ref: ReadonlyMap<string, number>): number {
  let overlap = 0;
  for (const [key, count] of hyp) {
    const refCount = ref.get(key);
    if (refCount !== undefined) overlap += Math.min(count, refCount);
  }
  return overlap;
}

/** Sum of all counts. */
export function totalCount(counts: ReadonlyMap<string, number>): number {
  let total = 0;
  for (const count of counts.values()) total += count;
  return total;
}
