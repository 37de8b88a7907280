import { stringify } from 'yaml';
import type { TestSetInput } from './TestSet';

/**
 * Writes a test set as YAML (for imports and conversions), long texts as `|` blocks. With
 * `schemaPath`, the first line points editors such as VS Code’s YAML extension at the JSON Schema.
 */
export function formatTestSetYaml(testSet: TestSetInput, schemaPath?: string): string {
  const { $schema: _schema, ...rest } = testSet;
  const body = stringify(rest, { lineWidth: 0, blockQuote: 'literal', defaultKeyType: 'PLAIN' });
  return schemaPath === undefined ? body : `# yaml-language-server: $schema=${schemaPath}\n${body}`;
}
