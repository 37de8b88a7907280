import type { TestSetInput } from '../../../shared/testset/TestSet';

/** Something in the source that has no place in an Evalbench test set, or changed meaning on the way. */
export interface UnmappedItem {
  /** Line in the source file (1-based), when known. */
  line: number | null;
  /** What it is, e.g. `assert[2] (type: levenshtein)` or `column "notes"`. */
  what: string;
  /** Why it could not be mapped, or how it was mapped instead, and what to do. */
  reason: string;
}

/** A test set converted from another format, with an account of what did not carry over. */
export interface ImportResult {
  /** The test set as it would be written to a file (validate it with `validateImport`). */
  testSet: TestSetInput;
  /** The source line each case came from (1-based), by case index. */
  caseLines: number[];
  unmapped: UnmappedItem[];
  /** Source the importer could not read (malformed quoting, invalid JSON), with positions. */
  errors: { line: number; column: number; message: string }[];
}
