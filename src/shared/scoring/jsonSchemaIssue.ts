import type { ErrorObject } from 'ajv/dist/2020.js';

/** One way a value breaks a schema. */
export interface JsonSchemaIssue {
  /** Where in the value, e.g. `$.users[2].email`. */
  path: string;
  /** The schema keyword that failed, e.g. `required`. */
  keyword: string;
  /** A sentence for a person, e.g. `missing required property "email"`. */
  message: string;
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function show(v: unknown): string {
  const text = (JSON.stringify(v) as string | undefined) ?? String(v);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

function count(n: unknown, one: string, many = `${one}s`): string {
  return `${String(n)} ${n === 1 ? one : many}`;
}

/** `/users/2/e~1mail` in `value` as `$.users[2]["e/mail"]`. */
function readablePath(pointer: string, value: unknown): string {
  let path = '$';
  let node: unknown = value;
  for (const raw of pointer === '' ? [] : pointer.slice(1).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (Array.isArray(node)) {
      path += `[${key}]`;
      node = node[Number(key)];
    } else {
      path += /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
      node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined;
    }
  }
  return path;
}

function branches(schema: unknown): number {
  return Array.isArray(schema) ? schema.length : 0;
}

/** The sentence for one failed keyword, in the words this scorer has always used. */
function sentence(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  const data: unknown = e.data;
  const got = show(data);
  switch (e.keyword) {
    case 'required':
      return `missing required property ${JSON.stringify(p.missingProperty)}`;
    case 'dependentRequired':
      return `property ${JSON.stringify(p.property)} needs property ${JSON.stringify(p.missingProperty)} too`;
    case 'type':
      return `expected ${String(p.type).split(',').join(' or ')}, got ${jsonType(data)}`;
    case 'enum':
      return `must be one of ${(Array.isArray(p.allowedValues) ? p.allowedValues : []).map(show).join(', ')}, got ${got}`;
    case 'const':
      return `must be ${show(p.allowedValue)}, got ${got}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `must be ${String(p.comparison).replace('>=', '≥').replace('<=', '≤')} ${show(p.limit)}, got ${got}`;
    case 'multipleOf':
      return `must be a multiple of ${show(p.multipleOf)}, got ${got}`;
    case 'minLength':
      return `must be at least ${count(p.limit, 'character')}, got ${typeof data === 'string' ? Array.from(data).length : got}`;
    case 'maxLength':
      return `must be at most ${count(p.limit, 'character')}, got ${typeof data === 'string' ? Array.from(data).length : got}`;
    case 'pattern':
      return `must match /${String(p.pattern)}/, got ${got}`;
    case 'minItems':
      return `must have at least ${count(p.limit, 'item')}, got ${Array.isArray(data) ? data.length : got}`;
    case 'maxItems':
    case 'items':
      return `must have at most ${count(p.limit, 'item')}, got ${Array.isArray(data) ? data.length : got}`;
    case 'unevaluatedItems':
      return `must have at most ${count(p.len, 'item')} that the schema describes, got ${Array.isArray(data) ? data.length : got}`;
    case 'uniqueItems':
      return `items must be unique; item ${Math.max(Number(p.i), Number(p.j))} repeats an earlier one`;
    case 'contains':
      return p.max !== undefined && p.min === undefined
        ? `must have at most ${count(p.max, 'item')} matching the schema in "contains"`
        : p.min !== undefined && p.min !== 1
          ? `must have at least ${count(p.min, 'item')} matching the schema in "contains"`
          : 'no item matches the schema in "contains"';
    case 'minProperties':
      return `must have at least ${count(p.limit, 'property', 'properties')}, got ${typeof data === 'object' && data !== null ? Object.keys(data).length : got}`;
    case 'maxProperties':
      return `must have at most ${count(p.limit, 'property', 'properties')}, got ${typeof data === 'object' && data !== null ? Object.keys(data).length : got}`;
    case 'additionalProperties':
      return `property ${JSON.stringify(p.additionalProperty)} is not allowed`;
    case 'unevaluatedProperties':
      return `property ${JSON.stringify(p.unevaluatedProperty)} is not allowed (no subschema describes it)`;
    case 'propertyNames':
      return `property name ${JSON.stringify(p.propertyName)} is not allowed`;
    case 'anyOf':
      return `matches none of the ${branches(e.schema)} schemas in anyOf`;
    case 'oneOf': {
      const passing = Array.isArray(p.passingSchemas) ? p.passingSchemas.length : 0;
      return `matches ${passing} of the ${branches(e.schema)} schemas in oneOf; it must match exactly one`;
    }
    case 'not':
      return 'matches the schema in "not"';
    case 'false schema':
      return 'no value is allowed here';
    default:
      return e.message ?? `fails "${e.keyword}"`;
  }
}

/** An ajv error as this scorer reports it: a readable path, the keyword, a sentence. */
export function jsonSchemaIssue(e: ErrorObject, value: unknown): JsonSchemaIssue {
  return { path: readablePath(e.instancePath, value), keyword: e.keyword === 'false schema' ? 'false' : e.keyword, message: sentence(e) };
}
