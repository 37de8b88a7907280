import { describe, expect, it } from 'vitest';
import { testSetJsonSchema, testSetJsonSchemaText } from './testSetJsonSchema';

type Schema = Record<string, unknown>;

/** Every named property in the schema, with its path, so none can lose its hover text. */
function properties(node: unknown, path = '', out: { path: string; schema: Schema }[] = []): { path: string; schema: Schema }[] {
  if (typeof node !== 'object' || node === null) return out;
  if (Array.isArray(node)) {
    node.forEach((n, i) => properties(n, `${path}[${i}]`, out));
    return out;
  }
  const o = node as Schema;
  if (typeof o.properties === 'object' && o.properties !== null) {
    for (const [name, schema] of Object.entries(o.properties as Record<string, Schema>)) out.push({ path: `${path}.${name}`, schema });
  }
  for (const [k, v] of Object.entries(o)) properties(v, `${path}/${k}`, out);
  return out;
}

describe('testSetJsonSchema', () => {
  it('gives every field a description, which editors show on hover', () => {
    const all = properties(testSetJsonSchema());
    expect(all.length).toBeGreaterThan(100);
    const undocumented = all
      .filter(({ schema }) => typeof schema.description !== 'string' && schema.$ref === undefined)
      .map(({ path }) => path);
    expect(undocumented).toEqual([]);
  });

  it('describes the file as written: defaults are optional, numbers allowed where text is read', () => {
    const schema = testSetJsonSchema() as {
      required: string[];
      properties: { cases: { items: { properties: { id: unknown; expected: unknown } } } };
    };
    expect(schema.required).toEqual(['name', 'cases']);
    expect(JSON.stringify(schema.properties.cases.items.properties.id)).toContain('number');
    expect(JSON.stringify(schema.properties.cases.items.properties.expected)).toContain('array');
  });

  it('names every scorer once, under definitions, with its options', () => {
    const text = testSetJsonSchemaText();
    expect(text.match(/"const": "rouge"/g)).toHaveLength(1);
    expect(text).toContain('"#/definitions/Scorer"');
    expect(text).toContain('"rougeLsum"');
    for (const type of ['refusal', 'blocklist']) expect(text.match(new RegExp(`"const": "${type}"`, 'g'))).toHaveLength(1);
    expect(text).toContain('"comply"');
  });
});
