/**
 * Integer ids for n-grams, so that BLEU, chrF and ROUGE count and match numbers instead of building
 * and hashing a joined string for every n-gram.
 *
 * A text is a list of units (a character's code point, or a word's number from a
 * {@link Vocabulary}). Its unigram at position i gets the id of the pair (ROOT, unit i), and its
 * n-gram at i the id of the pair (id of the (n−1)-gram at i, unit i+n−1). Pairs are numbered in an
 * {@link NgramTable} in order of first sight, so within one order equal n-grams get equal ids and
 * different ones different ids, in every text indexed since the last `reset()`. (An id may be
 * shared by n-grams of different orders; they are never compared.) Ids are dense from 0, so
 * counts live in plain typed arrays.
 */

const ROOT = -1;
const FIBONACCI = 0x9e3779b1;

/**
 * Open-addressing hash table from pairs of int32 to dense ids; `reset()` forgets every pair in O(1).
 * Each slot is four int32 side by side (generation stamp, first, second, id), so a probe reads one
 * cache line; a slot is in use only while its stamp equals the current generation.
 */
export class NgramTable {
  private bits = 8;
  private slots = new Int32Array(4 << this.bits);
  private generation = 1;
  /** How many ids have been handed out since the last reset: ids are 0…size−1. */
  size = 0;

  reset(): void {
    this.size = 0;
    this.generation++;
    if (this.generation === 0x7fffffff) {
      this.slots.fill(0);
      this.generation = 1;
    }
  }

  /** The id of the pair (first, second), numbered on first sight. */
  idOf(first: number, second: number): number {
    const { slots, generation } = this;
    const mask = (1 << this.bits) - 1;
    let slot = Math.imul(Math.imul(first, FIBONACCI) ^ second, FIBONACCI) >>> (32 - this.bits);
    for (;;) {
      const at = slot << 2;
      if (slots[at] !== generation) return this.insert(at, first, second);
      if (slots[at + 1] === first && slots[at + 2] === second) return slots[at + 3] ?? 0;
      slot = (slot + 1) & mask;
    }
  }

  /** The id of the pair (first, second), or −1 if it has not been seen since the last reset. */
  find(first: number, second: number): number {
    const { slots, generation } = this;
    const mask = (1 << this.bits) - 1;
    let slot = Math.imul(Math.imul(first, FIBONACCI) ^ second, FIBONACCI) >>> (32 - this.bits);
    for (;;) {
      const at = slot << 2;
      if (slots[at] !== generation) return -1;
      if (slots[at + 1] === first && slots[at + 2] === second) return slots[at + 3] ?? 0;
      slot = (slot + 1) & mask;
    }
  }

  /** Numbers a new pair in the free slot at `at`; kept apart so that the lookup above stays small. */
  private insert(at: number, first: number, second: number): number {
    const { slots } = this;
    const id = this.size++;
    slots[at] = this.generation;
    slots[at + 1] = first;
    slots[at + 2] = second;
    slots[at + 3] = id;
    // Kept at most half full, so probes stay short.
    if (this.size * 2 > 1 << this.bits) this.grow();
    return id;
  }

  private grow(): void {
    const { slots: old, generation, size } = this;
    this.bits++;
    this.slots = new Int32Array(4 << this.bits);
    for (let at = 0; at < old.length; at += 4) {
      if (old[at] !== generation) continue;
      this.size = old[at + 3] ?? 0;
      this.idOf(old[at + 1] ?? 0, old[at + 2] ?? 0);
    }
    this.size = size;
  }
}

/** Numbers words (tokens) in order of first sight, for use as units. */
export class Vocabulary {
  private readonly numbers = new Map<string, number>();

  /** The words as unit numbers. */
  units(words: readonly string[]): Int32Array {
    const units = new Int32Array(words.length);
    for (let i = 0; i < words.length; i++) {
      const word = words[i] ?? '';
      let n = this.numbers.get(word);
      if (n === undefined) {
        n = this.numbers.size;
        this.numbers.set(word, n);
      }
      units[i] = n;
    }
    return units;
  }
}

/** The n-gram ids of one text for orders 1…maxOrder; those of order n are `ids[(n−1)·length …]`. */
export interface NgramIndex {
  /** Number of units in the text. */
  length: number;
  maxOrder: number;
  ids: Int32Array;
}

/** Indexes a text's n-grams of orders 1…maxOrder in `table`, numbering the new ones. */
export function indexNgrams(units: ArrayLike<number>, maxOrder: number, table: NgramTable): NgramIndex {
  const length = units.length;
  const ids = new Int32Array(length * maxOrder);
  if (maxOrder === 0) return { length, maxOrder, ids };
  for (let i = 0; i < length; i++) ids[i] = table.idOf(ROOT, units[i] ?? 0);
  for (let n = 2; n <= maxOrder; n++) {
    const prev = (n - 2) * length;
    const here = (n - 1) * length;
    for (let i = 0; i + n <= length; i++) ids[here + i] = table.idOf(ids[prev + i] ?? 0, units[i + n - 1] ?? 0);
  }
  return { length, maxOrder, ids };
}

/**
 * Like {@link indexNgrams}, but only looks n-grams up: one the table lacks gets id −1. For the
 * hypothesis, once its references are indexed: an n-gram no reference has cannot match, and one
 * whose shorter prefix is missing is missing too, so it needs no lookup at all.
 */
export function lookUpNgrams(units: ArrayLike<number>, maxOrder: number, table: NgramTable): NgramIndex {
  const length = units.length;
  const ids = new Int32Array(length * maxOrder);
  if (maxOrder === 0) return { length, maxOrder, ids };
  for (let i = 0; i < length; i++) ids[i] = table.find(ROOT, units[i] ?? 0);
  for (let n = 2; n <= maxOrder; n++) {
    const prev = (n - 2) * length;
    const here = (n - 1) * length;
    for (let i = 0; i + n <= length; i++) {
      const prefix = ids[prev + i] ?? -1;
      ids[here + i] = prefix < 0 ? -1 : table.find(prefix, units[i + n - 1] ?? 0);
    }
  }
  return { length, maxOrder, ids };
}

/** How many n-grams of order n the text has. */
export function ngramTotal(index: NgramIndex, n: number): number {
  return Math.max(0, index.length - n + 1);
}

/**
 * Per-id counts for one segment, reused from segment to segment: every method leaves the counts
 * it touched at 0 again, so no clearing is needed in between.
 */
export class NgramCounts {
  private counts = new Int32Array(256);
  private maxima = new Int32Array(256);

  /** Makes room for the ids a table has handed out. */
  fit(table: NgramTable): void {
    if (table.size <= this.counts.length) return;
    const capacity = Math.max(table.size, this.counts.length * 2);
    [this.counts, this.maxima] = [new Int32Array(capacity), new Int32Array(capacity)];
  }

  /** Clipped matches of order n, Python's `sum((hyp & ref).values())`. `hyp` may come from {@link lookUpNgrams}. */
  matches(hyp: NgramIndex, ref: NgramIndex, n: number): number {
    this.count(ref, n, this.counts, 1);
    const matched = this.take(hyp, n, this.counts);
    this.count(ref, n, this.counts, 0);
    return matched;
  }

  /** Clipped matches of order n against the most times each n-gram occurs in any one reference (BLEU). */
  matchesAny(hyp: NgramIndex, refs: readonly NgramIndex[], n: number): number {
    const { counts, maxima } = this;
    for (const ref of refs) {
      this.count(ref, n, counts, 1);
      const start = (n - 1) * ref.length;
      const end = start + ngramTotal(ref, n);
      for (let i = start; i < end; i++) {
        const id = ref.ids[i] ?? 0;
        const count = counts[id] ?? 0;
        if (count > (maxima[id] ?? 0)) maxima[id] = count;
        counts[id] = 0;
      }
    }
    const matched = this.take(hyp, n, maxima);
    for (const ref of refs) this.count(ref, n, maxima, 0);
    return matched;
  }

  /** Adds 1 to, or with `step` 0 clears, the count of each n-gram of order n. */
  private count(index: NgramIndex, n: number, counts: Int32Array, step: 0 | 1): void {
    const start = (n - 1) * index.length;
    const end = start + ngramTotal(index, n);
    for (let i = start; i < end; i++) {
      const id = index.ids[i] ?? 0;
      counts[id] = step === 0 ? 0 : (counts[id] ?? 0) + 1;
    }
  }

  /** Counts the hypothesis n-grams still available in `available`, using them up; id −1 is never available. */
  private take(hyp: NgramIndex, n: number, available: Int32Array): number {
    const start = (n - 1) * hyp.length;
    const end = start + ngramTotal(hyp, n);
    let matched = 0;
    for (let i = start; i < end; i++) {
      const id = hyp.ids[i] ?? -1;
      if (id < 0) continue;
      const left = available[id] ?? 0;
      if (left > 0) {
        available[id] = left - 1;
        matched++;
      }
    }
    return matched;
  }
}
