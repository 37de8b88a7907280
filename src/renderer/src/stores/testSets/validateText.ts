import { isSeq, parseDocument } from 'yaml';
import {
  parseTestSetText,
  renderCase,
  summarizeTestSet,
  type TestSetDiagnostic,
  type TestSetFormat,
  type TestSetOverview,
} from '../../../../shared/testset';
import type { ChatMessage } from '../../../../shared/engine';
import { optionalFields } from '../../../../shared/optionalFields';

/** One case as the preview shows it: what the model is sent, with the answers and scorers that judge it. */
export interface PreviewCase {
  index: number;
  id: string;
  /** Whether Evalbench made the id up (the case has none in the file). */
  generatedId: boolean;
  /** Line in the file where the case starts. */
  line: number;
  /** The rendered input: chat messages, or one completion prompt. */
  messages: ChatMessage[] | null;
  prompt: string | null;
  expected: string[];
  scorers: string[];
  tags: string[];
  missingVariables: string[];
}

/** A problem as the editor needs it: the diagnostic without its path. */
export type EditorDiagnostic = Pick<
  TestSetDiagnostic,
  'severity' | 'code' | 'message' | 'hint' | 'line' | 'column' | 'endLine' | 'endColumn'
>;

/** What validating a text gives the page: its problems, and the preview when it is valid. */
export interface ValidationResult {
  diagnostics: EditorDiagnostic[];
  errorCount: number;
  warningCount: number;
  /** Every case rendered; null when the text has errors. */
  cases: PreviewCase[] | null;
  overview: TestSetOverview | null;
  /** Time spent parsing, checking and rendering, in milliseconds. */
  elapsedMs: number;
}

/** Where each case starts (1-based lines), read from the text itself. */
function caseLines(text: string, format: TestSetFormat, count: number): number[] {
  const lines: number[] = [];
  if (format === 'jsonl') {
    let line = 0;
    let first = true;
    for (let start = 0; start <= text.length && lines.length < count;) {
      const newline = text.indexOf('\n', start);
      const end = newline < 0 ? text.length : newline;
      line++;
      const record = text.slice(start, end);
      start = end + 1;
      if (record.trim() === '') continue;
      if (first && /^\s*\{\s*"testset"\s*:/.test(record)) {
        first = false;
        continue;
      }
      first = false;
      lines.push(line);
    }
    return lines;
  }
  const cases = parseDocument(text).get('cases', true);
  if (!isSeq(cases)) return lines;
  let offset = 0;
  let line = 1;
  for (const item of cases.items) {
    const at = (item as { range?: [number, number, number] | null }).range?.[0] ?? offset;
    for (; offset < at; offset++) if (text.charCodeAt(offset) === 10) line++;
    lines.push(line);
  }
  return lines;
}

/**
 * Parses and validates a test set text and renders every case (pure, so it runs in the validation
 * worker and in tests alike). Positions are the file's, 1-based, as Monaco counts them.
 */
export function validateText(text: string, file: string, format: TestSetFormat): ValidationResult {
  const started = performance.now();
  const result = parseTestSetText(text, { file, format });
  const diagnostics = result.diagnostics.map(({ severity, code, message, hint, line, column, endLine, endColumn }) => ({
    severity,
    code,
    message,
    line,
    column,
    endLine,
    endColumn,
    ...optionalFields({ hint }),
  }));
  let cases: PreviewCase[] | null = null;
  let overview: TestSetOverview | null = null;
  if (result.testSet !== null) {
    const set = result.testSet;
    const generated = new Set(result.generatedIds.map((g) => g.caseIndex));
    const lines = caseLines(text.startsWith('\uFEFF') ? text.slice(1) : text, format, set.cases.length);
    overview = summarizeTestSet(set);
    cases = set.cases.map((c, index) => {
      const rendered = renderCase(c, set.defaults);
      return {
        index,
        id: c.id,
        generatedId: generated.has(index),
        line: lines[index] ?? 1,
        messages: rendered.input.kind === 'chat' ? rendered.input.messages : null,
        prompt: rendered.input.kind === 'completion' ? rendered.input.prompt : null,
        expected: rendered.expected,
        scorers: rendered.scorers.map((s) => s.label ?? s.type),
        tags: c.tags ?? [],
        missingVariables: rendered.missingVariables,
      };
    });
  }
  return {
    diagnostics,
    errorCount: result.errorCount,
    warningCount: result.warningCount,
    cases,
    overview,
    elapsedMs: performance.now() - started,
  };
}
