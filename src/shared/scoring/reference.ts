/**
 * One reference translation or answer for BLEU and chrF. `null` is a missing reference (sacrebleu's
 * `None`, for corpora where segments have different numbers of references); an empty string is a
 * reference that is empty, and counts as one, as in sacrebleu.
 */
export type Reference = string | null;

/**
 * As sacrebleu 2.x: a missing reference (`null`, sacrebleu's `None`) is dropped, so segments may
 * have different numbers of references (`nrefs:var`); an empty string is kept as a reference of
 * length 0. sacrebleu refuses a segment whose references are all missing; we score it against one
 * empty reference instead (a score of 0), so one bad test case cannot stop a whole run.
 */
export function usableReferences(references: readonly Reference[]): string[] {
  const present = references.filter((r): r is string => r !== null);
  return present.length > 0 ? present : [''];
}

/** Computes one segment's statistics against its usable references (BLEU's and chrF's counters). */
export interface SegmentCounter<S> {
  segment(hypothesis: string, references: readonly string[]): S;
}

/**
 * Every segment's statistics, each computed once, with the number of usable references it had.
 * `name` is the calling function, for the error messages.
 */
export function corpusStatistics<S>(
  name: string,
  hypotheses: readonly string[],
  references: readonly (readonly Reference[])[],
  makeCounter: () => SegmentCounter<S>,
): { segments: S[]; nrefs: number[] } {
  if (hypotheses.length === 0) throw new RangeError(`${name} needs at least one hypothesis.`);
  if (references.length !== hypotheses.length) {
    throw new RangeError(
      `${name} got ${hypotheses.length} hypotheses but references for ${references.length}; pass one reference list per hypothesis.`,
    );
  }
  const counter = makeCounter();
  const nrefs: number[] = [];
  const segments = hypotheses.map((hyp, i) => {
    const refs = usableReferences(references[i] ?? []);
    nrefs.push(refs.length);
    return counter.segment(hyp, refs);
  });
  return { segments, nrefs };
}

/** The corpus signature's `nrefs`: the segments' common reference count, or `var` when they differ. */
export function corpusNrefs(nrefs: readonly number[]): number | 'var' {
  const first = nrefs[0] ?? 1;
  return nrefs.every((n) => n === first) ? first : 'var';
}
