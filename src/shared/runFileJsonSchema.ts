import { z } from 'zod';
import { RunFile } from './runFile';

/** Where the generated schema is committed, from the repository root. */
export const RUN_FILE_SCHEMA_PATH = 'resources/run.schema.json';

/**
 * The JSON Schema (draft-07) of a run file (`*.run.yaml`), generated from the zod schema that
 * `evalbench run` and `validate` check with, so editors (a `# yaml-language-server: $schema=`
 * line) and users' own tools see the same rules. It describes the file as written (`io: 'input'`).
 */
export function runFileJsonSchema(): Record<string, unknown> {
  const { $schema, ...body } = z.toJSONSchema(RunFile, { io: 'input', target: 'draft-7', unrepresentable: 'throw' });
  return { $schema, title: 'Evalbench run file', ...body };
}

/** The schema file's exact text: two-space JSON and a final newline. */
export function runFileJsonSchemaText(): string {
  return `${JSON.stringify(runFileJsonSchema(), null, 2)}\n`;
}
