import { describe, expect, it } from 'vitest';
import { jsonSchemaMatch } from './jsonSchemaMatch';
import { InvalidSchemaError, validateJsonSchema } from './validateJsonSchema';

const PERSON = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 20 },
    age: { type: 'integer', minimum: 0, maximum: 150 },
    email: { type: 'string', pattern: '^[^@\\s]+@[^@\\s]+$' },
    role: { enum: ['admin', 'user'] },
    tags: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 3, uniqueItems: true },
  },
  required: ['name', 'email'],
  additionalProperties: false,
};

describe('validateJsonSchema', () => {
  it('accepts a conforming value', () => {
    expect(validateJsonSchema({ name: 'Ada', age: 36, email: 'ada@example.org', role: 'admin', tags: ['math'] }, PERSON)).toEqual({
      valid: true,
      issues: [],
      unsupportedKeywords: [],
    });
  });

  it('lists every violation with a readable path', () => {
    const { valid, issues } = validateJsonSchema({ name: '', age: 36.5, role: 'root', tags: ['a', 'a', 1, 'b'], extra: 1 }, PERSON);
    expect(valid).toBe(false);
    expect(issues.map((i) => `${i.path} ${i.keyword}: ${i.message}`)).toEqual([
      '$ required: missing required property "email"',
      '$ additionalProperties: property "extra" is not allowed',
      '$.name minLength: must be at least 1 character, got 0',
      '$.age type: expected integer, got number',
      '$.role enum: must be one of "admin", "user", got "root"',
      '$.tags maxItems: must have at most 3 items, got 4',
      '$.tags[2] type: expected string, got integer',
      '$.tags uniqueItems: items must be unique; item 1 repeats an earlier one',
    ]);
  });

  it('handles combinators, const, exclusive bounds, prefixItems and local $ref', () => {
    const schema = {
      $defs: { positive: { type: 'number', exclusiveMinimum: 0 } },
      type: 'object',
      properties: {
        id: { oneOf: [{ type: 'integer' }, { type: 'string', pattern: '^[a-f0-9]{8}$' }] },
        kind: { const: 'point' },
        coords: { type: 'array', prefixItems: [{ $ref: '#/$defs/positive' }, { $ref: '#/$defs/positive' }], items: false },
        label: { anyOf: [{ type: 'null' }, { type: 'string', maxLength: 3 }] },
        not5: { not: { const: 5 } },
        'weird key': { type: 'boolean' },
      },
    };
    expect(
      validateJsonSchema({ id: 'deadbeef', kind: 'point', coords: [1, 2], label: null, not5: 4, 'weird key': true }, schema).valid,
    ).toBe(true);
    const { issues } = validateJsonSchema({ id: 1.5, kind: 'line', coords: [0, 2, 3], label: 'long', not5: 5, 'weird key': 'yes' }, schema);
    expect(issues.map((i) => `${i.path} ${i.keyword}`)).toEqual([
      '$.id oneOf',
      '$.kind const',
      '$.coords[0] exclusiveMinimum',
      '$.coords items',
      '$.label anyOf',
      '$.not5 not',
      '$["weird key"] type',
    ]);
  });

  it('checks if/then (draft 2020-12) and lists keywords no vocabulary defines instead of passing them silently', () => {
    const r = validateJsonSchema({ a: 1 }, { type: 'object', if: { required: ['a'] }, then: { required: ['b'] }, format: 'email' });
    expect(r.valid).toBe(false);
    expect(r.issues.map((i) => `${i.path} ${i.keyword}: ${i.message}`)).toEqual(['$ required: missing required property "b"']);
    expect(validateJsonSchema({ a: 1 }, { type: 'object', madeUpKeyword: 3 }).unsupportedKeywords).toEqual(['madeUpKeyword']);
  });

  it('throws InvalidSchemaError for a malformed schema', () => {
    expect(() => validateJsonSchema('x', { type: 'string', pattern: '(' })).toThrow(InvalidSchemaError);
    expect(() => validateJsonSchema({}, { $ref: '#/$defs/missing' })).toThrow(/can't resolve reference #\/\$defs\/missing/);
    expect(() => validateJsonSchema(1, { minimum: '0' })).toThrow(/"minimum" must be number/);
    expect(() => validateJsonSchema(1, 'not a schema')).toThrow(InvalidSchemaError);
  });

  it('accepts boolean schemas and treats integers as numbers', () => {
    expect(validateJsonSchema(42, true).valid).toBe(true);
    expect(validateJsonSchema(42, false).valid).toBe(false);
    expect(validateJsonSchema(42, { type: 'number', multipleOf: 0.1 }).valid).toBe(true);
    expect(validateJsonSchema(0.3, { multipleOf: 0.1 }).valid).toBe(true); // despite 0.3 / 0.1 = 2.9999999999999996
  });
});

describe('validateJsonSchema draft 2020-12 conformance (cases written here)', () => {
  const cases: [string, unknown, unknown, boolean][] = [
    ['$anchor ref', { $defs: { n: { $anchor: 'num', type: 'number' } }, $ref: '#num' }, 1, true],
    ['$anchor ref fails', { $defs: { n: { $anchor: 'num', type: 'number' } }, $ref: '#num' }, 'x', false],
    ['$id-relative ref', { $id: 'https://example.test/root', $defs: { s: { $id: 'str', type: 'string' } }, $ref: 'str' }, 'a', true],
    ['$id-relative ref fails', { $id: 'https://example.test/root2', $defs: { s: { $id: 'str', type: 'string' } }, $ref: 'str' }, 2, false],
    ['unevaluatedProperties through allOf', { allOf: [{ properties: { a: true } }], unevaluatedProperties: false }, { a: 1 }, true],
    [
      'unevaluatedProperties rejects the rest',
      { allOf: [{ properties: { a: true } }], unevaluatedProperties: false },
      { a: 1, b: 2 },
      false,
    ],
    ['unevaluatedItems after prefixItems', { prefixItems: [true], unevaluatedItems: false }, [1, 2], false],
    ['dependentRequired', { dependentRequired: { a: ['b'] } }, { a: 1 }, false],
    [
      '$dynamicRef',
      { $dynamicAnchor: 'node', type: 'object', properties: { next: { $dynamicRef: '#node' } } },
      { next: { next: 1 } },
      false,
    ],
    ['format is an annotation', { format: 'email' }, 'not an email', true],
  ];
  it.each(cases)('%s', (_name, schema, value, valid) => {
    expect(validateJsonSchema(value, schema).valid).toBe(valid);
  });
});

describe('jsonSchemaMatch', () => {
  it('parses the output (fences tolerated) and explains violations', () => {
    expect(jsonSchemaMatch('```json\n{"name": "Ada", "email": "a@b.c"}\n```', PERSON)).toMatchObject({ score: 1, passed: true });
    const r = jsonSchemaMatch('{"name": "Ada"}', PERSON);
    expect(r).toMatchObject({ score: 0, passed: false });
    expect(r.explanation).toBe('Output breaks the schema in 1 place: $: missing required property "email".');
    expect(jsonSchemaMatch('{name: "Ada"}', PERSON).explanation).toMatch(/^Output is not valid JSON \(line 1, column 2/);
  });
});
