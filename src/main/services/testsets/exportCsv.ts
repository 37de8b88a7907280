import type { TestSet } from '../../../shared/testset/TestSet';
import { csvFieldOf, joinAnswers } from './csvColumns';
import { writeCsv } from './csv';

/** A test set as CSV, and what CSV had no room for. */
export interface CsvExport {
  csv: string;
  /** What the CSV leaves out, e.g. `defaults.scorers`, `scorers of 3 cases`. */
  lost: string[];
}

/**
 * Writes the cases as CSV (RFC 4180, CRLF) that `importCsv` reads back to the same cases: `id`,
 * `prompt`, `system`, `messages` (JSON), `expected` (answers joined by ` | `), `tags`, one column
 * per variable (`vars.name` where the name is also a case column), `metadata` (JSON). Columns no
 * case uses are left out. The test set’s own fields and per-case scorers and parameters do not fit.
 */
export function exportCsv(testSet: TestSet): CsvExport {
  const cases = testSet.cases;
  const varNames = [...new Set(cases.flatMap((c) => Object.keys(c.vars ?? {})))];
  const columns: { header: string; cell: (c: TestSet['cases'][number]) => string }[] = [
    { header: 'id', cell: (c) => c.id ?? '' },
    { header: 'prompt', cell: (c) => c.prompt ?? '' },
    { header: 'system', cell: (c) => c.systemPrompt ?? '' },
    { header: 'messages', cell: (c) => (c.messages === undefined ? '' : JSON.stringify(c.messages)) },
    { header: 'expected', cell: (c) => joinAnswers(c.expected ?? []) },
    { header: 'tags', cell: (c) => (c.tags ?? []).join('|') },
    ...varNames.map((name) => ({
      header: csvFieldOf(name) === undefined ? name : `vars.${name}`,
      cell: (c: TestSet['cases'][number]) => String(c.vars?.[name] ?? ''),
    })),
    { header: 'metadata', cell: (c) => (c.metadata === undefined ? '' : JSON.stringify(c.metadata)) },
  ];
  const used = columns.filter((col) => col.header === 'id' || cases.some((c) => col.cell(c) !== ''));
  const csv = writeCsv([used.map((c) => c.header), ...cases.map((c) => used.map((col) => col.cell(c)))]);
  const lost: string[] = [];
  const d = testSet.defaults;
  if (testSet.description !== undefined) lost.push('description');
  if (testSet.metadata !== undefined) lost.push('metadata');
  for (const key of ['systemPrompt', 'promptTemplate', 'params', 'scorers'] as const)
    if (d[key] !== undefined) lost.push(`defaults.${key}`);
  if (d.mode !== 'chat') lost.push('defaults.mode');
  const withScorers = cases.filter((c) => c.scorers !== undefined).length;
  const withParams = cases.filter((c) => c.params !== undefined).length;
  if (withScorers > 0) lost.push(`scorers of ${withScorers} case${withScorers === 1 ? '' : 's'}`);
  if (withParams > 0) lost.push(`params of ${withParams} case${withParams === 1 ? '' : 's'}`);
  return { csv, lost };
}
