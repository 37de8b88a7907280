import { parseJsonOutput, type JsonOutputOptions } from './parseJsonOutput';
import type { ScoreResult } from './ScoreResult';
import { validateJsonSchema, type JsonSchemaIssue } from './validateJsonSchema';

/** Parse outcome and schema violations. */
export interface JsonSchemaMatchDetails {
  parsed: boolean;
  issues: JsonSchemaIssue[];
  unsupportedKeywords: string[];
}

/**
 * Passes when the output is JSON (fences tolerated) that satisfies `schema`. Score 1/0. Throws
 * `InvalidSchemaError` when the schema itself is malformed.
 */
export function jsonSchemaMatch(output: string, schema: unknown, options: JsonOutputOptions = {}): ScoreResult<JsonSchemaMatchDetails> {
  const parsed = parseJsonOutput(output, options);
  if (!parsed.ok) {
    const { line, column, message } = parsed.error;
    return {
      score: 0,
      passed: false,
      explanation: `Output is not valid JSON (line ${line}, column ${column}: ${message}), so the schema was not checked.`,
      details: { parsed: false, issues: [], unsupportedKeywords: [] },
    };
  }
  const { valid, issues, unsupportedKeywords } = validateJsonSchema(parsed.value, schema);
  const unchecked = unsupportedKeywords.length > 0 ? ` Not checked: ${unsupportedKeywords.join(', ')}.` : '';
  const shown = issues
    .slice(0, 5)
    .map((i) => `${i.path}: ${i.message}`)
    .join('; ');
  const more = issues.length > 5 ? `; and ${issues.length - 5} more` : '';
  return {
    score: valid ? 1 : 0,
    passed: valid,
    explanation: valid
      ? `Output is valid JSON and matches the schema.${unchecked}`
      : `Output breaks the schema in ${issues.length} place${issues.length === 1 ? '' : 's'}: ${shown}${more}.${unchecked}`,
    details: { parsed: true, issues, unsupportedKeywords },
  };
}
