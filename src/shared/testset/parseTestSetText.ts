import { parseJsonlTestSet } from './parseJsonlTestSet';
import { parseYamlTestSet } from './parseYamlTestSet';
import type { ExpressionSyntaxCheck } from './checkCaseScorers';
import { countLines, normalizeLineBreaks, TEST_SET_LIMITS, testSetTooLarge } from './testSetLimits';
import type { TestSetFormat, TestSetLoadResult } from './TestSetLoadResult';

/** The format a file name implies: `.jsonl` and `.ndjson` are JSONL; `.yaml`, `.yml`, `.json` and anything else YAML. */
export function testSetFormatOf(file: string): TestSetFormat {
  return /\.(jsonl|ndjson)$/i.test(file) ? 'jsonl' : 'yaml';
}

/** Bytes the text takes as UTF-8, without encoding it. */
function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c < 0xdc00)
      i++; // a surrogate pair: 4 bytes for 2 units
    else if (c >= 0x800) bytes += 2;
    else if (c >= 0x80) bytes += 1;
  }
  return bytes;
}

/** The refusal of a text beyond the size limits (TEST_SET_LIMITS), or null when it may be parsed. */
function refuseTooLarge(text: string, file: string, format: TestSetFormat): TestSetLoadResult | null {
  const limit = TEST_SET_LIMITS[format];
  // Every UTF-16 unit is at least one byte: only a long text needs its exact size.
  const bytes = text.length * 3 <= limit.bytes ? text.length : utf8Length(text);
  const refusal = testSetTooLarge(file, format, { bytes, lines: countLines(text, limit.lines) });
  if (refusal === null) return null;
  const diagnostic = {
    severity: 'error' as const,
    code: 'too-large' as const,
    path: [],
    file,
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 1,
    ...refusal,
  };
  return { file, format, testSet: null, diagnostics: [diagnostic], generatedIds: [], errorCount: 1, warningCount: 0 };
}

/**
 * Parses and validates a test set from its text (pure: the editor validates as the user types, the
 * loader after reading the file). Every problem comes back at once, each with the file, line,
 * column, what was wrong and how to fix it; `testSet` is set only when there is no error. A text
 * beyond the size limits (testSetLimits) is refused unread.
 */
export function parseTestSetText(
  text: string,
  options: { file: string; format?: TestSetFormat; checkExpression?: ExpressionSyntaxCheck },
): TestSetLoadResult {
  const format = options.format ?? testSetFormatOf(options.file);
  // Editors hide a byte order mark and do not count it in columns; offsets are into the text without it.
  const unmarked = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const refused = refuseTooLarge(unmarked, options.file, format);
  if (refused !== null) return refused;
  const body = normalizeLineBreaks(unmarked);
  const checks = options.checkExpression === undefined ? {} : { checkExpression: options.checkExpression };
  return format === 'jsonl' ? parseJsonlTestSet(body, options.file, checks) : parseYamlTestSet(body, options.file, checks);
}
