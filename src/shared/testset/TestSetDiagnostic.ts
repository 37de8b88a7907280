/** A path into a test set as the schema sees it, e.g. `['cases', 3, 'scorers', 0, 'tolerance']`. */
export type TestSetPath = readonly (string | number)[];

/** What kind of mistake a diagnostic reports. */
export type TestSetIssueCode =
  | 'syntax'
  | 'too-large'
  | 'schema'
  | 'unknown-field'
  | 'unknown-scorer'
  | 'duplicate-id'
  | 'duplicate-case'
  | 'unknown-variable'
  | 'template'
  | 'prompt'
  | 'messages'
  | 'expected'
  | 'scorer'
  | 'choices'
  | 'no-scorer';

/** A mistake found in a test set, before it is placed in the file. */
export interface TestSetIssue {
  severity: 'error' | 'warning';
  code: TestSetIssueCode;
  /** Where in the test set; the file position is derived from it. */
  path: TestSetPath;
  /** Point at the field’s name rather than its value (unknown fields). */
  atKey?: boolean;
  /** What is wrong and, where it helps, what was expected. */
  message: string;
  /** How to fix it. */
  hint?: string;
}

/** A range in the file, 1-based lines and columns (columns count UTF-16 code units, as editors do). */
export interface SourceRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** An issue placed in its file: what the CLI prints and the editor underlines. */
export interface TestSetDiagnostic extends TestSetIssue, SourceRange {
  file: string;
}

/** `file:line:col: severity: message hint`, the form editors and CI annotations understand. */
export function formatDiagnostic(d: TestSetDiagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}${d.hint === undefined ? '' : ` ${d.hint}`}`;
}

/** `cases[3].scorers[0].tolerance`; the empty path is the whole file. */
export function formatPath(path: TestSetPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out === '' ? 'the test set' : out;
}
