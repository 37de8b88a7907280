import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { jsonSchemaIssue, type JsonSchemaIssue } from './jsonSchemaIssue';

export type { JsonSchemaIssue } from './jsonSchemaIssue';

/** The outcome of {@link validateJsonSchema}. */
export interface JsonSchemaValidation {
  valid: boolean;
  issues: JsonSchemaIssue[];
  /** Keywords in the schema that no draft 2020-12 vocabulary defines (so nothing checks them), so a pass is not over-claimed. */
  unsupportedKeywords: string[];
}

/** Thrown when the schema itself is malformed: a test-set error, not a model failure. */
export class InvalidSchemaError extends Error {
  constructor(message: string) {
    super(`Invalid JSON Schema: ${message}`);
    this.name = 'InvalidSchemaError';
  }
}

interface Compiled {
  validate: ValidateFunction;
  unsupported: string[];
}

/** Schemas compiled so far, by their text: a run checks thousands of outputs against a handful of schemas. */
const CACHE_SIZE = 64;
const cache = new Map<string, Compiled | InvalidSchemaError>();

function newAjv(unknown: Set<string>): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    verbose: true,
    // Draft 2020-12 makes `format` an annotation; unknown keywords are annotations too, listed as not checked.
    validateFormats: false,
    strict: false,
    strictSchema: 'log',
    // 0.3 is a multiple of 0.1, whatever binary rounding says.
    multipleOfPrecision: 9,
    logger: {
      log: () => undefined,
      warn: (...args: unknown[]) => {
        const match = /unknown keyword: "([^"]+)"/.exec(args.map(String).join(' '));
        if (match?.[1] !== undefined) unknown.add(match[1]);
      },
      error: () => undefined,
    },
  });
  return ajv;
}

let unknownKeywords = new Set<string>();
let shared = newAjv(unknownKeywords);

function describeSchemaErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .slice(0, 3)
    .map(
      (e) => `${e.instancePath === '' ? 'the schema' : `"${e.instancePath.slice(1).replaceAll('/', '.')}"`} ${e.message ?? 'is invalid'}`,
    )
    .join('; ');
}

function isSchema(schema: unknown): schema is boolean | Record<string, unknown> {
  return typeof schema === 'boolean' || (typeof schema === 'object' && schema !== null && !Array.isArray(schema));
}

function compileFresh(schema: boolean | Record<string, unknown>): Compiled {
  unknownKeywords.clear();
  // A schema that names an older draft is read as draft 2020-12, not refused for an unknown meta-schema.
  if (typeof schema === 'object' && typeof schema.$schema === 'string' && !schema.$schema.includes('2020-12')) {
    const { $schema: _older, ...rest } = schema;
    schema = rest;
  }
  try {
    if (!shared.validateSchema(schema)) throw new InvalidSchemaError(`${describeSchemaErrors(shared.errors)}.`);
    const validate = shared.compile(schema);
    return { validate, unsupported: [...unknownKeywords].sort() };
  } catch (error) {
    if (error instanceof InvalidSchemaError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    // Two schemas with the same $id: the second gets a validator of its own.
    if (/already exists/.test(message)) {
      unknownKeywords = new Set();
      shared = newAjv(unknownKeywords);
      return compileFresh(schema);
    }
    throw new InvalidSchemaError(`${message.replace(/^schema is invalid: /, '')}.`);
  }
}

function compiled(schema: unknown): Compiled {
  const key = (JSON.stringify(schema) as string | undefined) ?? 'undefined';
  let entry = cache.get(key);
  if (entry === undefined) {
    try {
      if (!isSchema(schema))
        throw new InvalidSchemaError(
          `the schema must be an object or true/false, got ${(JSON.stringify(schema) as string | undefined) ?? typeof schema}.`,
        );
      entry = compileFresh(schema);
    } catch (error) {
      entry = error instanceof InvalidSchemaError ? error : new InvalidSchemaError(String(error));
    }
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value ?? '');
    cache.set(key, entry);
  }
  if (entry instanceof InvalidSchemaError) throw entry;
  return entry;
}

/** Errors inside an anyOf/oneOf branch explain why that branch failed, not the value: the combinator's own error says it. */
function withoutBranchErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const combinators = errors
    .filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf' || e.keyword === 'not')
    .map((e) => `${e.schemaPath}/`);
  return errors.filter((e) => !combinators.some((prefix) => e.schemaPath.startsWith(prefix)) && e.keyword !== 'if');
}

/**
 * Validates a parsed JSON value against a JSON Schema (draft 2020-12, through ajv): every keyword
 * of the draft, `$ref`s to `$defs`, `$id`s and `$anchor`s, `$dynamicRef`, `unevaluatedProperties`
 * and `unevaluatedItems`; `format` is an annotation, as the draft says. Each issue names where in
 * the value it is and what was expected. Keywords no vocabulary defines are listed in
 * `unsupportedKeywords`. Throws {@link InvalidSchemaError} for a malformed schema. Compiled once
 * per schema text and kept.
 */
export function validateJsonSchema(value: unknown, schema: unknown): JsonSchemaValidation {
  const { validate, unsupported } = compiled(schema);
  if (validate(value)) return { valid: true, issues: [], unsupportedKeywords: unsupported };
  const errors = validate.errors ?? [];
  const shown = withoutBranchErrors(errors);
  return {
    valid: false,
    issues: (shown.length > 0 ? shown : errors).map((e) => jsonSchemaIssue(e, value)),
    unsupportedKeywords: unsupported,
  };
}
