import { describe, expect, it } from 'vitest';
import { seededRandom } from '../stats/seededRandom';
import { indexNgrams, lookUpNgrams, NgramCounts, NgramTable, ngramTotal, Vocabulary } from './ngramIds';

/** Python's Counter of n-gram tuples, the definition the ids must reproduce. */
function counter(units: readonly number[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= units.length; i++) {
    const key = units.slice(i, i + n).join(',');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function clipped(hyp: Map<string, number>, ref: Map<string, number>): number {
  let total = 0;
  for (const [key, count] of hyp) total += Math.min(count, ref.get(key) ?? 0);
  return total;
}

describe('NgramTable', () => {
  it('numbers pairs densely in order of first sight, and forgets them on reset', () => {
    const table = new NgramTable();
    expect([table.idOf(-1, 7), table.idOf(-1, 8), table.idOf(-1, 7), table.idOf(0, 8)]).toEqual([0, 1, 0, 2]);
    expect(table.size).toBe(3);
    expect([table.find(0, 8), table.find(9, 9)]).toEqual([2, -1]);
    table.reset();
    expect(table.find(0, 8)).toBe(-1);
    expect([table.idOf(0, 8), table.idOf(-1, 7)]).toEqual([0, 1]);
  });

  it('keeps every id through growth far past its first capacity', () => {
    const table = new NgramTable();
    const pairs = Array.from({ length: 50_000 }, (_, i) => [i % 997, Math.floor(i / 997)] as const);
    const first = pairs.map(([a, b]) => table.idOf(a, b));
    const again = pairs.map(([a, b]) => table.idOf(a, b));
    expect(first.every((id, i) => id === i)).toBe(true);
    expect(again).toEqual(first);
    expect(table.size).toBe(pairs.length);
  });
});

describe('n-gram ids and counts', () => {
  it('give the same totals and clipped matches as counting n-gram tuples, for one and for several references', () => {
    const random = seededRandom(3);
    const table = new NgramTable();
    const counts = new NgramCounts();
    const text = (): number[] => Array.from({ length: random.nextInt(40) }, () => random.nextInt(5));
    for (let trial = 0; trial < 300; trial++) {
      table.reset();
      const [hyp, refs] = [text(), [text(), text(), text()].slice(0, 1 + random.nextInt(3))];
      const refIndexes = refs.map((r) => indexNgrams(r, 5, table));
      // Looked up (n-grams no reference has get −1), or indexed like the references.
      const looked = lookUpNgrams(hyp, 5, table);
      const hypIndexes = [looked, indexNgrams(hyp, 5, table)];
      counts.fit(table);
      for (let n = 1; n <= 5; n++) {
        const hypCounts = counter(hyp, n);
        const maxRef = new Map<string, number>();
        for (const ref of refs) for (const [key, c] of counter(ref, n)) maxRef.set(key, Math.max(maxRef.get(key) ?? 0, c));
        const found = Array.from({ length: ngramTotal(looked, n) }, (_, i) => (looked.ids[(n - 1) * hyp.length + i] ?? -1) >= 0);
        expect(found).toEqual(Array.from(found, (_, i) => maxRef.has(hyp.slice(i, i + n).join(','))));
        for (const hypIndex of hypIndexes) {
          expect(ngramTotal(hypIndex, n)).toBe(Math.max(0, hyp.length - n + 1));
          expect(counts.matches(hypIndex, refIndexes[0] ?? hypIndex, n)).toBe(clipped(hypCounts, counter(refs[0] ?? [], n)));
          expect(counts.matchesAny(hypIndex, refIndexes, n)).toBe(clipped(hypCounts, maxRef));
        }
      }
    }
  });

  it('numbers words by their text', () => {
    const vocabulary = new Vocabulary();
    expect([...vocabulary.units(['the', 'cat', 'the'])]).toEqual([0, 1, 0]);
    expect([...vocabulary.units(['cat', 'sat'])]).toEqual([1, 2]);
  });
});
