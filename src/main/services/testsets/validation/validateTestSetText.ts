import { parseTestSetText } from '../../../../shared/testset/parseTestSetText';
import type { TestSetLoadResult } from '../../../../shared/testset/TestSetLoadResult';
import { javascriptSyntaxError } from '../../scoring/runJavascriptScorer';
import { importCsv } from '../importCsv';
import { validateImport } from '../validateImport';
import { optionalFields } from '../../../../shared/optionalFields';

/** A test set text to parse and check, and how. Plain data: it is posted to the test set worker as is. */
export interface TestSetTextRequest {
  /** How diagnostics name the file. */
  file: string;
  /** `testset`: YAML or JSONL, by the file name; `csv`/`tsv`: imported on the fly, its problems on its rows. */
  source: 'testset' | 'csv' | 'tsv';
  /**
   * Whether `javascript` scorer expressions are parsed (compiled by V8, never run), so that one
   * that cannot run is refused. A pure parse: it gives the same answer in a worker thread.
   */
  checkExpressions: boolean;
}

/** The source kind a file name implies: CSV and TSV are imported on the fly, anything else is a test set file. */
export function testSetSourceOf(file: string): TestSetTextRequest['source'] {
  return /\.csv$/i.test(file) ? 'csv' : /\.tsv$/i.test(file) ? 'tsv' : 'testset';
}

/**
 * Parses and validates a test set text on the calling thread (see TestSetValidator for the host,
 * which moves big texts off its event loop). Pure: the same text and request give the same result.
 */
export function validateTestSetText(text: string, request: TestSetTextRequest): TestSetLoadResult {
  const checkExpression = request.checkExpressions ? javascriptSyntaxError : undefined;
  if (request.source !== 'testset') {
    return validateImport(importCsv(text, request.file, request.source === 'tsv' ? '\t' : ','), request.file, text, checkExpression);
  }
  return parseTestSetText(text, { file: request.file, ...optionalFields({ checkExpression }) });
}
