import type { TestSetImportKind } from '../../../../shared/api';
import { formatJsonl } from '../../../../shared/testset/formatJsonl';
import { formatTestSetYaml } from '../../../../shared/testset/formatTestSetYaml';
import type { TestSetFormat } from '../../../../shared/testset/TestSetLoadResult';
import { UserFacingError } from '../../../../shared/result';
import type { ImportResult } from '../ImportResult';
import { importCsv } from '../importCsv';
import { importPromptfoo } from '../importPromptfoo';
import { importQaJsonl } from '../importQaJsonl';
import { importMultipleChoiceJsonl } from '../importMultipleChoiceJsonl';

/** Above this many cases an import is written as JSONL, which stays quick to parse and diff at any size. */
export const YAML_IMPORT_LIMIT = 1000;

/** A converted test set ready to be written: its text and format, and the importer's account. */
export interface ConvertedImport {
  result: ImportResult;
  format: TestSetFormat;
  text: string;
}

/** Runs the importer for `kind` and writes the result as a test set file's text. */
export function convertImport(kind: TestSetImportKind, fileName: string, text: string, name?: string): ConvertedImport {
  let result: ImportResult;
  switch (kind) {
    case 'csv':
      result = importCsv(text, fileName, ',');
      break;
    case 'tsv':
      result = importCsv(text, fileName, '\t');
      break;
    case 'promptfoo':
      result = importPromptfoo(text, fileName);
      break;
    case 'qa-jsonl':
      result = importQaJsonl(text, fileName);
      break;
    case 'multiple-choice-jsonl':
      result = importMultipleChoiceJsonl(text, fileName);
      break;
    default:
      return kind satisfies never;
  }
  if (name !== undefined) result.testSet.name = name;
  if (result.testSet.cases.length === 0) {
    const first = result.errors[0] ?? result.unmapped[0];
    const why =
      first === undefined
        ? 'it holds no cases'
        : `line ${String(first.line ?? 1)}: ${'message' in first ? first.message : `${first.what}: ${first.reason}`}`;
    throw new UserFacingError(
      'invalid_input',
      `Nothing could be imported from ${fileName}: ${why}.`,
      'Check that the file is of the kind chosen, with a header row (CSV) or one object per line (JSONL).',
    );
  }
  const format: TestSetFormat = result.testSet.cases.length > YAML_IMPORT_LIMIT ? 'jsonl' : 'yaml';
  const out = format === 'yaml' ? formatTestSetYaml(result.testSet, './testset.schema.json') : formatJsonl(result.testSet);
  return { result, format, text: out };
}
