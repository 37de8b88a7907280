import { parseJsonlTestSet } from './parseJsonlTestSet';
import { parseYamlTestSet } from './parseYamlTestSet';
import type { ExpressionSyntaxCheck } from './checkCaseScorers';
import type { TestSetFormat, TestSetLoadResult } from './TestSetLoadResult';

/** The format a file name implies: `.jsonl` and `.ndjson` are JSONL; `.yaml`, `.yml`, `.json` and anything else YAML. */
export function testSetFormatOf(file: string): TestSetFormat {
  return /\.(jsonl|ndjson)$/i.test(file) ? 'jsonl' : 'yaml';
}

/**
 * Parses and validates a test set from its text (pure: the editor validates as the user types, the
 * loader after reading the file). Every problem comes back at once, each with the file, line,
 * column, what was wrong and how to fix it; `testSet` is set only when there is no error.
 */
export function parseTestSetText(text: string, options: { file: string; format?: TestSetFormat; checkExpression?: ExpressionSyntaxCheck }): TestSetLoadResult {
  const format = options.format ?? testSetFormatOf(options.file);
  // Editors hide a byte order mark and do not count it in columns; offsets are into the text without it.
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const checks = options.checkExpression === undefined ? {} : { checkExpression: options.checkExpression };
  return format === 'jsonl' ? parseJsonlTestSet(body, options.file, checks) : parseYamlTestSet(body, options.file, checks);
}
