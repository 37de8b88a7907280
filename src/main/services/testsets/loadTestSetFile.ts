import { parseTestSetText } from '../../../shared/testset/parseTestSetText';
import type { TestSetLoadResult } from '../../../shared/testset/TestSetLoadResult';
import { javascriptSyntaxError } from '../scoring/runJavascriptScorer';
import { importCsv } from './importCsv';
import { readTestSetText } from './readTestSetText';
import { validateImport } from './validateImport';

/**
 * Reads and validates a test set file: YAML (`.yaml`, `.yml`, `.json`), JSONL (`.jsonl`,
 * `.ndjson`) or CSV (`.csv`, imported on the fly; its problems point at its rows). `displayName`
 * is how diagnostics name the file (defaults to the path as given). A file that cannot be read,
 * is not a regular file or is past the size limits (readTestSetText) throws a `UserFacingError`;
 * problems inside it are diagnostics in the result.
 */
export async function loadTestSetFile(path: string, displayName = path): Promise<TestSetLoadResult> {
  const text = await readTestSetText(path, displayName);
  if (/\.(csv|tsv)$/i.test(path)) return validateImport(importCsv(text, displayName, /\.tsv$/i.test(path) ? '\t' : ','), displayName, text, javascriptSyntaxError);
  // Scorer expressions are parsed here (compiled by V8, never run), so `validate` and a run refuse one that cannot run.
  return parseTestSetText(text, { file: displayName, checkExpression: javascriptSyntaxError });
}
