import { nameFromFile } from '../../../shared/testset/parseJsonlTestSet';
import type { TestCaseInput } from '../../../shared/testset/TestCase';
import { VARIABLE_NAME } from '../../../shared/testset/templateSyntax';
import { csvFieldOf, splitAnswers, type CsvField } from './csvColumns';
import { parseCsv } from './csv';
import type { ImportResult, UnmappedItem } from './ImportResult';

type Column = { index: number; header: string } & ({ kind: 'field'; field: CsvField } | { kind: 'var'; name: string });

/** A variable name for a header that is not one: other characters become `_`. */
function variableName(header: string): string {
  const cleaned = header.trim().replace(/[^A-Za-z0-9_\-\u00A0-\uFFFF]/g, '_');
  return VARIABLE_NAME.test(cleaned) ? cleaned : `_${cleaned}`;
}

function planColumns(headers: readonly string[], unmapped: UnmappedItem[]): Column[] {
  const seen = new Set<CsvField>();
  return headers.map((header, index): Column => {
    const explicitVar = /^vars\./i.exec(header.trim());
    const field = explicitVar === null ? csvFieldOf(header) : undefined;
    if (field !== undefined && (field === 'expected' || !seen.has(field))) {
      seen.add(field);
      return { index, header, kind: 'field', field };
    }
    const name = variableName(explicitVar === null ? header : header.trim().slice(5));
    if (field !== undefined)
      unmapped.push({ line: 1, what: `column "${header}"`, reason: `a second ${field} column; it became the variable {{${name}}}.` });
    else if (name !== (explicitVar === null ? header : header.trim().slice(5)))
      unmapped.push({ line: 1, what: `column "${header}"`, reason: `not a valid variable name; it became {{${name}}}.` });
    return { index, header, kind: 'var', name };
  });
}

function parseJson(cell: string, line: number, what: string, errors: ImportResult['errors']): unknown {
  try {
    return JSON.parse(cell);
  } catch {
    errors.push({ line, column: 1, message: `the ${what} column does not hold valid JSON` });
    return undefined;
  }
}

/**
 * Imports a CSV file with a header row. Columns (any case; spaces or dashes for `_`): `id`; the
 * prompt as `prompt`, `question`, `input` or `query`; accepted answers as `expected`, `answer`,
 * `output`, … — several per cell separated by `|` (`\|` for a literal bar), or in repeated columns
 * (`answer`, `answer2`, …); `tags` separated by `|`, `,` or `;`; `system`; `messages` and
 * `metadata` as JSON (as `exportCsv` writes them). Every other column becomes a variable for
 * `{{name}}` (`vars.name` forces one). The test set is named after the file.
 */
export function importCsv(text: string, file: string, delimiter = ','): ImportResult {
  const { records, errors: syntax } = parseCsv(text, delimiter);
  const errors: ImportResult['errors'] = [...syntax];
  const unmapped: UnmappedItem[] = [];
  const [header, ...rows] = records;
  const testSet = { name: nameFromFile(file), cases: [] as TestCaseInput[] };
  if (header === undefined) {
    errors.push({ line: 1, column: 1, message: 'the file is empty: a CSV test set needs a header row, e.g. id,question,answer' });
    return { testSet, caseLines: [], unmapped, errors };
  }
  const columns = planColumns(header.fields, unmapped);
  if (!columns.some((c) => c.kind === 'field' && (c.field === 'prompt' || c.field === 'messages'))) {
    unmapped.push({
      line: 1,
      what: 'the prompt',
      reason: 'no prompt, question, input or query column: the columns became variables; add defaults.promptTemplate that uses them.',
    });
  }
  const caseLines: number[] = [];
  for (const row of rows) {
    if (row.fields.length > columns.length && row.fields.slice(columns.length).some((f) => f.trim() !== '')) {
      unmapped.push({
        line: row.line,
        what: `line ${row.line}`,
        reason: `${row.fields.length} fields for ${columns.length} columns; the extra fields were left out.`,
      });
    }
    const c: TestCaseInput = {};
    const expected: string[] = [];
    const vars: Record<string, string> = {};
    for (const column of columns) {
      const cell = row.fields[column.index] ?? '';
      if (column.kind === 'var') {
        vars[column.name] = cell;
        continue;
      }
      if (cell.trim() === '') continue;
      switch (column.field) {
        case 'id':
          c.id = cell.trim();
          break;
        case 'prompt':
          c.prompt = cell;
          break;
        case 'systemPrompt':
          c.systemPrompt = cell;
          break;
        case 'expected':
          expected.push(...splitAnswers(cell));
          break;
        case 'tags':
          c.tags = cell
            .split(/[|,;]/)
            .map((t) => t.trim())
            .filter((t) => t !== '');
          break;
        case 'messages':
          c.messages = parseJson(cell, row.line, 'messages', errors) as TestCaseInput['messages'];
          break;
        case 'metadata':
          c.metadata = parseJson(cell, row.line, 'metadata', errors) as TestCaseInput['metadata'];
          break;
        default:
          column.field satisfies never;
      }
    }
    if (Object.keys(vars).length > 0) c.vars = vars;
    if (expected.length > 0) c.expected = [...new Set(expected)];
    testSet.cases.push(c);
    caseLines.push(row.line);
  }
  return { testSet, caseLines, unmapped, errors };
}
