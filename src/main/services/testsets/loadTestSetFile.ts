import { readFile } from 'node:fs/promises';
import { parseTestSetText } from '../../../shared/testset/parseTestSetText';
import type { TestSetLoadResult } from '../../../shared/testset/TestSetLoadResult';
import { UserFacingError } from '../../../shared/result';
import { javascriptSyntaxError } from '../scoring/runJavascriptScorer';
import { importCsv } from './importCsv';
import { validateImport } from './validateImport';

/**
 * Reads and validates a test set file: YAML (`.yaml`, `.yml`, `.json`), JSONL (`.jsonl`,
 * `.ndjson`) or CSV (`.csv`, imported on the fly; its problems point at its rows). `displayName`
 * is how diagnostics name the file (defaults to the path as given). A file that cannot be read
 * throws a `UserFacingError`; problems inside it are diagnostics in the result.
 */
export async function loadTestSetFile(path: string, displayName = path): Promise<TestSetLoadResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserFacingError('not_found', `${displayName}: no such file.`, 'Check the path; test sets end in .yaml, .jsonl or .csv.');
    if (code === 'EISDIR') throw new UserFacingError('invalid_input', `${displayName} is a folder, not a test set file.`, 'Name a .yaml, .jsonl or .csv file inside it.');
    throw new UserFacingError('unavailable', `${displayName} could not be read: ${(error as Error).message}.`);
  }
  if (/\.(csv|tsv)$/i.test(path)) return validateImport(importCsv(text, displayName, /\.tsv$/i.test(path) ? '\t' : ','), displayName, text, javascriptSyntaxError);
  // Scorer expressions are parsed here (compiled by V8, never run), so `validate` and a run refuse one that cannot run.
  return parseTestSetText(text, { file: displayName, checkExpression: javascriptSyntaxError });
}
