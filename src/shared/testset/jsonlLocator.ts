import { LineIndex, type LocatedRange, type SourceLocator } from './SourceLocator';
import type { TestSetPath } from './TestSetDiagnostic';
import { scanJson } from './scanJson';

/** One record of a JSONL file: its text and where it starts. */
export interface JsonlRecord {
  offset: number;
  text: string;
}

/**
 * Maps test set paths to ranges in a JSONL file: `cases[i]…` to case record i, the other fields to
 * the header record (`{"testset": …}`), with the column found by scanning that one line.
 */
export function jsonlLocator(text: string, header: JsonlRecord | undefined, cases: readonly JsonlRecord[]): SourceLocator {
  const lines = new LineIndex(text);
  return (path: TestSetPath, atKey = false): LocatedRange => {
    const [first, second, ...rest] = path;
    let record: JsonlRecord | undefined;
    let inner: TestSetPath;
    if (first === 'cases' && typeof second === 'number' && cases[second] !== undefined) {
      record = cases[second];
      inner = rest;
    } else {
      record = header;
      inner = path.length === 0 ? [] : ['testset', ...path];
    }
    if (record === undefined) return lines.range(0, lines.lineEnd(0));
    const scan = scanJson(record.text, inner);
    const [start, end] = (atKey ? scan.key : undefined) ?? scan.value ?? scan.nearest;
    return lines.range(record.offset + start, record.offset + end);
  };
}
