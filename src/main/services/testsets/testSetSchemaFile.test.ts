import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_SET_SCHEMA_PATH, testSetJsonSchemaText } from '../../../shared/testset/testSetJsonSchema';

const root = path.resolve(import.meta.dirname, '../../../..');
const UPDATE = 'regenerate it from the zod schema with `npx vitest run src/main/services/testsets/testSetSchemaFile.test.ts -u`';

describe(TEST_SET_SCHEMA_PATH, () => {
  it('is committed and matches the zod schema it is generated from', async () => {
    const file = path.join(root, TEST_SET_SCHEMA_PATH);
    const committed = await readFile(file, 'utf8').catch(() => null);
    await expect(testSetJsonSchemaText(), `${TEST_SET_SCHEMA_PATH} is stale: ${UPDATE}`).toMatchFileSnapshot(file);
    expect(committed, `${TEST_SET_SCHEMA_PATH} is missing: ${UPDATE}`).not.toBeNull();
  });
});
