import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RUN_FILE_SCHEMA_PATH, runFileJsonSchema, runFileJsonSchemaText } from '../../../shared/runFileJsonSchema';

const root = path.resolve(import.meta.dirname, '../../../..');
const UPDATE = 'regenerate it from the zod schema with `npx vitest run src/main/services/runs/runFileSchemaFile.test.ts -u`';

describe(RUN_FILE_SCHEMA_PATH, () => {
  it('is committed and matches the zod schema it is generated from', async () => {
    const file = path.join(root, RUN_FILE_SCHEMA_PATH);
    const committed = await readFile(file, 'utf8').catch(() => null);
    await expect(runFileJsonSchemaText(), `${RUN_FILE_SCHEMA_PATH} is stale: ${UPDATE}`).toMatchFileSnapshot(file);
    expect(committed, `${RUN_FILE_SCHEMA_PATH} is missing: ${UPDATE}`).not.toBeNull();
  });

  it('requires a test set and models, and describes both kinds of model', () => {
    const schema = runFileJsonSchema() as { required?: string[]; properties?: Record<string, unknown> };
    expect(schema.required).toEqual(expect.arrayContaining(['testSet', 'models']));
    const models = JSON.stringify(schema.properties?.models);
    expect(models).toContain('"path"');
    expect(models).toContain('"endpoints"');
  });
});
