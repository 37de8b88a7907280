import type { GeneratedCaseId, LoadedTestSet, TestSetLoadResult } from '../../../../shared/testset/TestSetLoadResult';
import type { TestSetDiagnostic } from '../../../../shared/testset/TestSetDiagnostic';

/** A slice of a result's long lists: its cases, diagnostics and generated ids, in order. */
export interface ResultPart {
  cases: LoadedTestSet['cases'];
  diagnostics: TestSetDiagnostic[];
  generatedIds: GeneratedCaseId[];
}

/**
 * Items per message from the test set worker. Receiving a message is one synchronous step of the
 * host's event loop (the result is rebuilt there): 28,000 cases at once kept it busy 0.1–0.4 s here, so a big
 * result comes back in slices of this many cases, diagnostics or ids (milliseconds each).
 */
export const PART_ITEMS = 1000;

/**
 * A result cut into its head (every field, with the first slice of the lists) and the further
 * slices, each with at most `size` items in all; {@link joinResult} puts them back together.
 */
export function splitResult(result: TestSetLoadResult, size = PART_ITEMS): { head: TestSetLoadResult; parts: ResultPart[] } {
  const slices: ResultPart[] = [];
  let current: ResultPart = { cases: [], diagnostics: [], generatedIds: [] };
  let count = 0;
  const add = <K extends keyof ResultPart>(key: K, items: readonly ResultPart[K][number][]): void => {
    for (let from = 0; from < items.length;) {
      if (count === size) {
        slices.push(current);
        current = { cases: [], diagnostics: [], generatedIds: [] };
        count = 0;
      }
      const slice = items.slice(from, from + size - count);
      (current[key] as ResultPart[K][number][]).push(...slice);
      count += slice.length;
      from += slice.length;
    }
  };
  add('cases', result.testSet?.cases ?? []);
  add('diagnostics', result.diagnostics);
  add('generatedIds', result.generatedIds);
  slices.push(current);
  const [first, ...parts] = slices as [ResultPart, ...ResultPart[]];
  const head: TestSetLoadResult = {
    ...result,
    testSet: result.testSet === null ? null : { ...result.testSet, cases: first.cases },
    diagnostics: first.diagnostics,
    generatedIds: first.generatedIds,
  };
  return { head, parts };
}

/** Adds a slice from {@link splitResult} to the head it came with (in place, in order). */
export function joinResult(head: TestSetLoadResult, part: ResultPart): void {
  if (head.testSet !== null) for (const c of part.cases) head.testSet.cases.push(c);
  for (const d of part.diagnostics) head.diagnostics.push(d);
  for (const g of part.generatedIds) head.generatedIds.push(g);
}
