import type { TestCase } from './TestCase';
import type { TestSet } from './TestSet';
import type { TestSetDiagnostic } from './TestSetDiagnostic';

/** The file formats a test set is written in. */
export type TestSetFormat = 'yaml' | 'jsonl';

/** A test set that validated: every case has its id, written or generated. */
export type LoadedTestSet = Omit<TestSet, 'cases'> & { cases: (TestCase & { id: string })[] };

/** An id Evalbench made up for a case that had none, and where to write it back. */
export interface GeneratedCaseId {
  /** Position of the case in the file (0-based). */
  caseIndex: number;
  id: string;
  /** Where the case starts (YAML: its first field; JSONL: the record’s `{`): write the id there to keep it from now on. */
  line: number;
  column: number;
  offset: number;
}

/** What loading a test set file gives: the test set when it is valid, and every problem found. */
export interface TestSetLoadResult {
  file: string;
  format: TestSetFormat;
  /** The validated test set, every case with its id; null when there is at least one error. */
  testSet: LoadedTestSet | null;
  /** Errors and warnings, in file order. */
  diagnostics: TestSetDiagnostic[];
  /** Ids generated for cases without one (also filled in `testSet`). */
  generatedIds: GeneratedCaseId[];
  errorCount: number;
  warningCount: number;
}
