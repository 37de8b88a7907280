import { jsonlLocator, type JsonlRecord } from './jsonlLocator';
import type { ExpressionSyntaxCheck } from './checkCaseScorers';
import { scanJson } from './scanJson';
import { LineIndex } from './SourceLocator';
import type { TestSetDiagnostic, TestSetIssue } from './TestSetDiagnostic';
import type { TestSetLoadResult } from './TestSetLoadResult';
import { jsonTooDeep, MAX_NESTING } from './testSetLimits';
import { validateTestSetSource } from './validateTestSetSource';

/** The key of the optional first record that carries the test set’s own fields. */
export const JSONL_HEADER_KEY = 'testset';

/** The file’s base name without folder and extension: the name of a test set that gives none. */
export function nameFromFile(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.[^.]+$/, '') || base;
}

function isHeader(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.hasOwn(value, JSONL_HEADER_KEY);
}

/**
 * Reads a JSONL test set: one case per line (blank lines skipped), optionally preceded by a header
 * record `{"testset": {"name": …, "description": …, "defaults": …}}`; without one, the name is the
 * file’s. A line that is not JSON is reported with its column and skipped, so the other lines are
 * still checked. Made for speed: positions are only computed for lines with a problem.
 */
export function parseJsonlTestSet(
  text: string,
  file: string,
  options: { checkExpression?: ExpressionSyntaxCheck } = {},
): TestSetLoadResult {
  const lines = new LineIndex(text);
  const diagnostics: TestSetDiagnostic[] = [];
  const issues: TestSetIssue[] = [];
  let header: JsonlRecord | undefined;
  let headerValue: Record<string, unknown> = {};
  const records: JsonlRecord[] = [];
  const cases: unknown[] = [];
  let seenRecord = false;
  for (let start = 0; start <= text.length;) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    const line = text.slice(start, end > start && text[end - 1] === '\r' ? end - 1 : end);
    const record: JsonlRecord = { offset: start, text: line };
    start = end + 1;
    if (line.trim() === '') continue;
    const tooDeep = jsonTooDeep(line, MAX_NESTING);
    if (tooDeep !== null) {
      const { offset: _offset, ...range } = lines.range(record.offset + tooDeep, record.offset + tooDeep + 1);
      diagnostics.push({
        severity: 'error',
        code: 'syntax',
        path: [],
        file,
        ...range,
        message: `This line nests its values more than ${MAX_NESTING} levels deep.`,
        hint: 'A case holds text, messages and a few fields; flatten the data, or keep it out of the test set.',
      });
      seenRecord = true;
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      const error = scanJson(line).error ?? { offset: 0, message: 'not valid JSON' };
      const { offset: _offset, ...range } = lines.range(
        record.offset + error.offset,
        record.offset + Math.min(line.length, error.offset + 1),
      );
      diagnostics.push({
        severity: 'error',
        code: 'syntax',
        path: [],
        file,
        ...range,
        message: `This line is not valid JSON: ${error.message}.`,
        hint: 'Each line holds one complete JSON object, e.g. {"prompt": "2+2=", "expected": "4"}.',
      });
      seenRecord = true;
      continue;
    }
    if (isHeader(value)) {
      if (seenRecord) {
        const { offset: _offset, ...range } = lines.range(record.offset, record.offset + line.length);
        diagnostics.push({
          severity: 'error',
          code: 'schema',
          path: [],
          file,
          ...range,
          message: `The "${JSONL_HEADER_KEY}" header record must be the first line.`,
          hint: 'Move it to the top of the file.',
        });
      } else {
        header = record;
        const fields = value[JSONL_HEADER_KEY];
        headerValue = typeof fields === 'object' && fields !== null && !Array.isArray(fields) ? (fields as Record<string, unknown>) : {};
        if (fields !== headerValue)
          issues.push({
            severity: 'error',
            code: 'schema',
            path: [],
            message: `The "${JSONL_HEADER_KEY}" header must be an object with name, description and defaults.`,
            hint: `e.g. {"${JSONL_HEADER_KEY}": {"name": "Arithmetic", "defaults": {"scorers": [{"type": "numeric"}]}}}`,
          });
        if (Object.keys(value).length > 1)
          issues.push({
            severity: 'error',
            code: 'unknown-field',
            path: [],
            message: `The header record holds only "${JSONL_HEADER_KEY}"; found also ${Object.keys(value)
              .filter((k) => k !== JSONL_HEADER_KEY)
              .join(', ')}.`,
            hint: `Move those fields inside "${JSONL_HEADER_KEY}".`,
          });
        if (Object.hasOwn(headerValue, 'cases'))
          issues.push({
            severity: 'error',
            code: 'unknown-field',
            path: ['cases'],
            atKey: true,
            message: 'In JSONL the cases are the lines after the header, not a field of it.',
            hint: 'Write one case per line.',
          });
      }
      seenRecord = true;
      continue;
    }
    seenRecord = true;
    records.push(record);
    cases.push(value);
  }
  const { cases: _ignored, ...fields } = headerValue;
  const root = { name: nameFromFile(file), ...fields, cases };
  return validateTestSetSource({
    file,
    format: 'jsonl',
    root,
    locate: jsonlLocator(text, header, records),
    issues,
    diagnostics,
    ...options,
  });
}
