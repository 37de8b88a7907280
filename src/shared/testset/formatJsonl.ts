import { JSONL_HEADER_KEY } from './parseJsonlTestSet';
import type { TestSetInput } from './TestSet';

/**
 * Writes a test set as JSONL: a `{"testset": …}` header with its name, description, defaults and
 * metadata, then one case per line, each as written (no defaults filled in).
 */
export function formatJsonl(testSet: TestSetInput): string {
  const { cases, $schema: _schema, ...header } = testSet;
  const lines = [JSON.stringify({ [JSONL_HEADER_KEY]: header }), ...cases.map((c) => JSON.stringify(c))];
  return `${lines.join('\n')}\n`;
}
