import type { SourceRange, TestSetPath } from './TestSetDiagnostic';

/** A range in the file plus the offset of its start (for edits such as writing back a generated id). */
export interface LocatedRange extends SourceRange {
  offset: number;
}

/** Finds where a path of the test set is written in its file, or the nearest enclosing place that is. */
export type SourceLocator = (path: TestSetPath, atKey?: boolean) => LocatedRange;

/** 1-based line and column of each offset, from the start offsets of the lines. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (this.starts[lo] ?? 0) + 1 };
  }

  /** The offset where the line holding `offset` ends (before its line break). */
  lineEnd(offset: number): number {
    const { line } = this.position(offset);
    const next = this.starts[line];
    if (next === undefined) return this.text.length;
    return next > 0 && this.text[next - 2] === '\r' ? next - 2 : next - 1;
  }

  range(start: number, end: number): LocatedRange {
    const a = this.position(start);
    const b = this.position(Math.max(start, end));
    return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column, offset: start };
  }
}
