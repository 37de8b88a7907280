import { compilePattern, InvalidPatternError } from './regexMatch';

/** One way a value breaks a schema. */
export interface JsonSchemaIssue {
  /** Where in the value, e.g. `$.users[2].email`. */
  path: string;
  /** The schema keyword that failed, e.g. `required`. */
  keyword: string;
  /** A sentence for a person, e.g. `missing required property "email"`. */
  message: string;
}

/** The outcome of {@link validateJsonSchema}. */
export interface JsonSchemaValidation {
  valid: boolean;
  issues: JsonSchemaIssue[];
  /** Keywords in the schema this validator does not check (e.g. `if`), so a pass is not over-claimed. */
  unsupportedKeywords: string[];
}

/** Thrown when the schema itself is malformed: a test-set error, not a model failure. */
export class InvalidSchemaError extends Error {
  constructor(message: string) {
    super(`Invalid JSON Schema: ${message}`);
    this.name = 'InvalidSchemaError';
  }
}

/** Keywords that only annotate (draft 2020-12 treats `format` as an annotation by default). */
const ANNOTATIONS = new Set(['$schema', '$id', '$comment', '$defs', 'definitions', 'title', 'description', 'default', 'examples', 'format', 'readOnly', 'writeOnly', 'deprecated', 'contentMediaType', 'contentEncoding']);
const CHECKED = new Set(['$ref', 'type', 'enum', 'const', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minLength', 'maxLength', 'pattern', 'items', 'prefixItems', 'additionalItems', 'minItems', 'maxItems', 'uniqueItems', 'contains', 'properties', 'patternProperties', 'additionalProperties', 'required', 'minProperties', 'maxProperties', 'allOf', 'anyOf', 'oneOf', 'not']);

type Schema = boolean | Record<string, unknown>;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

function child(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function show(v: unknown): string {
  const text = JSON.stringify(v);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

function asSchema(v: unknown, where: string): Schema {
  if (typeof v === 'boolean' || isObject(v)) return v;
  throw new InvalidSchemaError(`${where} must be a schema (an object or true/false), got ${show(v)}.`);
}

function asNumber(v: unknown, keyword: string): number {
  if (typeof v !== 'number') throw new InvalidSchemaError(`"${keyword}" must be a number, got ${show(v)}.`);
  return v;
}

function asArray(v: unknown, keyword: string): unknown[] {
  if (!Array.isArray(v)) throw new InvalidSchemaError(`"${keyword}" must be an array, got ${show(v)}.`);
  return v;
}

/** Schemas use ECMA-262 regular expressions, unanchored, with Unicode semantics. */
function schemaPattern(pattern: string): RegExp {
  try {
    return compilePattern(pattern, 'u');
  } catch (error) {
    throw new InvalidSchemaError(error instanceof InvalidPatternError ? error.message : String(error));
  }
}

class Validator {
  readonly unsupported = new Set<string>();
  constructor(private readonly root: Schema) {}

  resolveRef(ref: unknown): Schema {
    if (typeof ref !== 'string' || !ref.startsWith('#')) throw new InvalidSchemaError(`only local "$ref"s such as "#/$defs/name" are supported, got ${show(ref)}.`);
    let node: unknown = this.root;
    for (const raw of ref.slice(1).split('/').slice(1)) {
      const key = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
      node = isObject(node) || Array.isArray(node) ? (node as Record<string, unknown>)[key] : undefined;
    }
    if (node === undefined) throw new InvalidSchemaError(`"$ref" ${show(ref)} points nowhere in the schema.`);
    return asSchema(node, `"$ref" ${show(ref)}`);
  }

  validate(value: unknown, schema: Schema, path: string, depth = 0): JsonSchemaIssue[] {
    if (depth > 200) throw new InvalidSchemaError('"$ref"s nest more than 200 deep; is there a reference cycle?');
    if (schema === true) return [];
    if (schema === false) return [{ path, keyword: 'false', message: 'no value is allowed here' }];
    const issues: JsonSchemaIssue[] = [];
    const add = (keyword: string, message: string, at = path): void => {
      issues.push({ path: at, keyword, message });
    };
    for (const key of Object.keys(schema)) if (!CHECKED.has(key) && !ANNOTATIONS.has(key)) this.unsupported.add(key);
    const s = schema;
    const type = jsonType(value);

    if (s.$ref !== undefined) issues.push(...this.validate(value, this.resolveRef(s.$ref), path, depth + 1));
    if (s.type !== undefined) {
      const types = (Array.isArray(s.type) ? s.type : [s.type]) as unknown[];
      const ok = types.some((t) => t === type || (t === 'number' && type === 'integer'));
      if (!ok) add('type', `expected ${types.map(String).join(' or ')}, got ${type}`);
    }
    if (s.enum !== undefined && !asArray(s.enum, 'enum').some((e) => jsonEqual(e, value))) {
      add('enum', `must be one of ${asArray(s.enum, 'enum').map(show).join(', ')}, got ${show(value)}`);
    }
    if (s.const !== undefined && !jsonEqual(s.const, value)) add('const', `must be ${show(s.const)}, got ${show(value)}`);

    if (typeof value === 'number') this.numberKeywords(value, s, add);
    if (typeof value === 'string') this.stringKeywords(value, s, add);
    // Nested issues go into the same list as they are found, so they read in document order.
    if (Array.isArray(value)) this.arrayKeywords(value, s, path, depth, issues);
    if (isObject(value)) this.objectKeywords(value, s, path, depth, issues);

    if (s.allOf !== undefined) asArray(s.allOf, 'allOf').forEach((sub, i) => issues.push(...this.validate(value, asSchema(sub, `allOf[${i}]`), path, depth + 1)));
    if (s.anyOf !== undefined) {
      const branches = asArray(s.anyOf, 'anyOf').map((sub, i) => this.validate(value, asSchema(sub, `anyOf[${i}]`), path, depth + 1));
      if (!branches.some((b) => b.length === 0)) add('anyOf', `matches none of the ${branches.length} schemas in anyOf`);
    }
    if (s.oneOf !== undefined) {
      const branches = asArray(s.oneOf, 'oneOf').map((sub, i) => this.validate(value, asSchema(sub, `oneOf[${i}]`), path, depth + 1));
      const passing = branches.filter((b) => b.length === 0).length;
      if (passing !== 1) add('oneOf', `matches ${passing} of the ${branches.length} schemas in oneOf; it must match exactly one`);
    }
    if (s.not !== undefined && this.validate(value, asSchema(s.not, 'not'), path, depth + 1).length === 0) add('not', 'matches the schema in "not"');
    return issues;
  }

  numberKeywords(v: number, s: Record<string, unknown>, add: (k: string, m: string) => void): void {
    if (s.minimum !== undefined && v < asNumber(s.minimum, 'minimum')) add('minimum', `must be ≥ ${show(s.minimum)}, got ${v}`);
    if (s.maximum !== undefined && v > asNumber(s.maximum, 'maximum')) add('maximum', `must be ≤ ${show(s.maximum)}, got ${v}`);
    if (s.exclusiveMinimum !== undefined && v <= asNumber(s.exclusiveMinimum, 'exclusiveMinimum')) add('exclusiveMinimum', `must be > ${show(s.exclusiveMinimum)}, got ${v}`);
    if (s.exclusiveMaximum !== undefined && v >= asNumber(s.exclusiveMaximum, 'exclusiveMaximum')) add('exclusiveMaximum', `must be < ${show(s.exclusiveMaximum)}, got ${v}`);
    if (s.multipleOf !== undefined) {
      const step = asNumber(s.multipleOf, 'multipleOf');
      const q = v / step;
      // Tolerate binary rounding: 0.3 is a multiple of 0.1.
      if (Math.abs(q - Math.round(q)) > 1e-9 * Math.max(1, Math.abs(q))) add('multipleOf', `must be a multiple of ${step}, got ${v}`);
    }
  }

  stringKeywords(v: string, s: Record<string, unknown>, add: (k: string, m: string) => void): void {
    const length = Array.from(v).length;
    if (s.minLength !== undefined && length < asNumber(s.minLength, 'minLength')) add('minLength', `must be at least ${show(s.minLength)} characters, got ${length}`);
    if (s.maxLength !== undefined && length > asNumber(s.maxLength, 'maxLength')) add('maxLength', `must be at most ${show(s.maxLength)} characters, got ${length}`);
    if (s.pattern !== undefined) {
      if (typeof s.pattern !== 'string') throw new InvalidSchemaError(`"pattern" must be a string, got ${show(s.pattern)}.`);
      if (!schemaPattern(s.pattern).test(v)) add('pattern', `must match /${s.pattern}/, got ${show(v)}`);
    }
  }

  arrayKeywords(v: unknown[], s: Record<string, unknown>, path: string, depth: number, issues: JsonSchemaIssue[]): void {
    const add = (keyword: string, message: string): void => {
      issues.push({ path, keyword, message });
    };
    // Drafts before 2020-12 wrote tuples as an array under "items"; read that as prefixItems.
    const prefix = s.prefixItems !== undefined ? asArray(s.prefixItems, 'prefixItems') : Array.isArray(s.items) ? asArray(s.items, 'items') : [];
    const rest = Array.isArray(s.items) ? (s.additionalItems ?? true) : (s.items ?? true);
    v.forEach((item, i) => {
      const sub = i < prefix.length ? prefix[i] : rest;
      issues.push(...this.validate(item, asSchema(sub, i < prefix.length ? `prefixItems[${i}]` : 'items'), child(path, i), depth + 1));
    });
    if (s.minItems !== undefined && v.length < asNumber(s.minItems, 'minItems')) add('minItems', `must have at least ${show(s.minItems)} items, got ${v.length}`);
    if (s.maxItems !== undefined && v.length > asNumber(s.maxItems, 'maxItems')) add('maxItems', `must have at most ${show(s.maxItems)} items, got ${v.length}`);
    if (s.uniqueItems === true) {
      const dup = v.findIndex((x, i) => v.slice(0, i).some((y) => jsonEqual(x, y)));
      if (dup >= 0) add('uniqueItems', `items must be unique; item ${dup} repeats an earlier one`);
    }
    if (s.contains !== undefined) {
      const sub = asSchema(s.contains, 'contains');
      if (!v.some((item, i) => this.validate(item, sub, child(path, i), depth + 1).length === 0)) add('contains', 'no item matches the schema in "contains"');
    }
  }

  objectKeywords(v: Record<string, unknown>, s: Record<string, unknown>, path: string, depth: number, issues: JsonSchemaIssue[]): void {
    const add = (keyword: string, message: string): void => {
      issues.push({ path, keyword, message });
    };
    const properties = s.properties === undefined ? {} : s.properties;
    if (!isObject(properties)) throw new InvalidSchemaError(`"properties" must be an object, got ${show(properties)}.`);
    const patterns = s.patternProperties === undefined ? {} : s.patternProperties;
    if (!isObject(patterns)) throw new InvalidSchemaError(`"patternProperties" must be an object, got ${show(patterns)}.`);
    const compiled = Object.entries(patterns).map(([p, sub]) => [schemaPattern(p), asSchema(sub, `patternProperties[${show(p)}]`)] as const);
    for (const required of s.required === undefined ? [] : asArray(s.required, 'required')) {
      if (typeof required === 'string' && !Object.hasOwn(v, required)) add('required', `missing required property ${JSON.stringify(required)}`);
    }
    for (const [key, item] of Object.entries(v)) {
      let known = false;
      if (Object.hasOwn(properties, key)) {
        known = true;
        issues.push(...this.validate(item, asSchema(properties[key], `properties.${key}`), child(path, key), depth + 1));
      }
      for (const [regex, sub] of compiled) {
        if (regex.test(key)) {
          known = true;
          issues.push(...this.validate(item, sub, child(path, key), depth + 1));
        }
      }
      if (!known && s.additionalProperties !== undefined) {
        const extra = asSchema(s.additionalProperties, 'additionalProperties');
        if (extra === false) add('additionalProperties', `property ${JSON.stringify(key)} is not allowed`);
        else issues.push(...this.validate(item, extra, child(path, key), depth + 1));
      }
    }
    const count = Object.keys(v).length;
    if (s.minProperties !== undefined && count < asNumber(s.minProperties, 'minProperties')) add('minProperties', `must have at least ${show(s.minProperties)} properties, got ${count}`);
    if (s.maxProperties !== undefined && count > asNumber(s.maxProperties, 'maxProperties')) add('maxProperties', `must have at most ${show(s.maxProperties)} properties, got ${count}`);
  }
}

/**
 * Validates a parsed JSON value against a JSON Schema, covering the common draft 2020-12
 * keywords: type, enum, const, numeric and string bounds, pattern, items/prefixItems, array and
 * object size, uniqueItems, contains, properties, patternProperties, additionalProperties,
 * required, allOf/anyOf/oneOf/not, boolean schemas and local `$ref`s. Other keywords are listed in
 * `unsupportedKeywords` rather than silently passed. Throws {@link InvalidSchemaError} for a
 * malformed schema.
 */
export function validateJsonSchema(value: unknown, schema: unknown): JsonSchemaValidation {
  const root = asSchema(schema, 'the schema');
  const validator = new Validator(root);
  const issues = validator.validate(value, root, '$');
  return { valid: issues.length === 0, issues, unsupportedKeywords: [...validator.unsupported].sort() };
}
