import type { z } from 'zod';
import { didYouMean } from './didYouMean';
import { schemaFieldsAt } from './schemaFieldsAt';
import { formatPath, type TestSetIssue, type TestSetPath } from './TestSetDiagnostic';
import { valueAt } from './valueAt';

type ZodIssue = z.core.$ZodIssue;

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true/false',
  array: 'a list',
  object: 'a map of fields',
  record: 'a map of fields',
  null: 'nothing',
};

function typeName(expected: string): string {
  return TYPE_NAMES[expected] ?? expected;
}

/** How a value reads in a message: `text "abc"`, `the number 3`, `a list`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return `text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value)}`;
    case 'number':
      return `the number ${value}`;
    case 'boolean':
      return String(value);
    case 'object':
      return 'a map of fields';
    default:
      return typeof value;
  }
}

function joinOr(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items.at(-1) ?? ''}`;
}

/** What the object at a path is, for “not a field of …”. */
function objectLabel(path: TestSetPath, value: unknown): string {
  const last = path.at(-1);
  const parent = path.at(-2);
  if (path.length === 0) return 'the test set';
  if (parent === 'scorers') {
    const type = typeof value === 'object' && value !== null ? (value as Record<string, unknown>).type : undefined;
    return typeof type === 'string' ? `a ${type} scorer` : 'a scorer';
  }
  if (parent === 'cases') return 'a case';
  if (parent === 'messages') return 'a chat message';
  return typeof last === 'string' ? `\`${last}\`` : formatPath(path);
}

interface Context {
  schema: z.ZodType;
  root: unknown;
  prefix: TestSetPath;
}

function fieldIssues(issue: Extract<ZodIssue, { code: 'unrecognized_keys' }>, rel: TestSetPath, ctx: Context): TestSetIssue[] {
  const fields = schemaFieldsAt(ctx.schema, rel, ctx.root) ?? [];
  const label = objectLabel([...ctx.prefix, ...rel], valueAt(ctx.root, rel));
  const atCaseOrSet = rel.length === 0 || ctx.prefix.at(-2) === 'cases';
  return issue.keys.map((key) => {
    const guess = didYouMean(key, fields);
    const hint =
      guess !== undefined
        ? `Did you mean \`${guess}\`?`
        : `Fields of ${label}: ${fields.join(', ')}.${atCaseOrSet ? ' To keep other data, put it under `metadata:`.' : ''}`;
    return {
      severity: 'error',
      code: 'unknown-field',
      path: [...ctx.prefix, ...rel, key],
      atKey: true,
      message: `\`${key}\` is not a field of ${label}.`,
      hint,
    };
  });
}

/** The types a union branch wanted, when it failed only because the value has another type altogether; else null. */
function mismatchTypes(branch: readonly ZodIssue[]): string[] | null {
  const types: string[] = [];
  for (const issue of branch) {
    if (issue.path.length > 0) return null;
    if (issue.code === 'invalid_type') types.push(typeName(issue.expected));
    else if (issue.code === 'invalid_union' && issue.discriminator === undefined) {
      for (const inner of issue.errors) {
        const nested = mismatchTypes(inner);
        if (nested === null) return null;
        types.push(...nested);
      }
    } else return null;
  }
  return types;
}

function unionIssues(issue: Extract<ZodIssue, { code: 'invalid_union' }>, rel: TestSetPath, ctx: Context): TestSetIssue[] {
  const where = formatPath([...ctx.prefix, ...rel]);
  if (issue.discriminator !== undefined) {
    const parentRel = rel.at(-1) === issue.discriminator ? rel.slice(0, -1) : rel;
    const known = ('options' in issue ? (issue.options ?? []) : []).map(String);
    const value = valueAt(ctx.root, [...parentRel, issue.discriminator]);
    const guess = typeof value === 'string' ? didYouMean(value, known) : undefined;
    const list = `Known scorers: ${known.join(', ')}.`;
    if (value === undefined) {
      return [
        {
          severity: 'error',
          code: 'unknown-scorer',
          path: [...ctx.prefix, ...parentRel],
          message: `${formatPath([...ctx.prefix, ...parentRel])} has no \`${issue.discriminator}\`.`,
          hint: `Add \`${issue.discriminator}:\` naming the scorer. ${list}`,
        },
      ];
    }
    const message = `${where}: unknown scorer ${describeValue(value).replace(/^text /, '')}.`;
    return [
      {
        severity: 'error',
        code: 'unknown-scorer',
        path: [...ctx.prefix, ...parentRel, issue.discriminator],
        message,
        hint: guess === undefined ? list : `Did you mean \`${guess}\`? ${list}`,
      },
    ];
  }
  const deep = issue.errors.filter((branch) => mismatchTypes(branch) === null);
  const closest = deep.sort((a, b) => a.length - b.length)[0];
  if (closest !== undefined) return closest.flatMap((inner) => convert(inner, [...rel, ...(inner.path as (string | number)[])], ctx));
  const expected = [...new Set(issue.errors.flatMap((branch) => mismatchTypes(branch) ?? []))];
  const value = valueAt(ctx.root, rel);
  return [
    {
      severity: 'error',
      code: 'schema',
      path: [...ctx.prefix, ...rel],
      message: `${where}: expected ${joinOr(expected)}, got ${describeValue(value)}.`,
    },
  ];
}

function convert(issue: ZodIssue, rel: TestSetPath, ctx: Context): TestSetIssue[] {
  const path = [...ctx.prefix, ...rel];
  const where = formatPath(path);
  const value = valueAt(ctx.root, rel);
  const error = (message: string, hint?: string): TestSetIssue[] => [
    hint === undefined ? { severity: 'error', code: 'schema', path, message } : { severity: 'error', code: 'schema', path, message, hint },
  ];
  switch (issue.code) {
    case 'invalid_type': {
      const expected = typeName(issue.expected);
      if (value === undefined) {
        const field = String(rel.at(-1));
        return [
          {
            severity: 'error',
            code: 'schema',
            path: path.slice(0, -1),
            message: `${formatPath(path.slice(0, -1))} is missing \`${field}\` (${expected}).`,
            hint: `Add \`${field}:\`.`,
          },
        ];
      }
      const hint =
        issue.expected === 'string' && (typeof value === 'number' || typeof value === 'boolean')
          ? `Put it in quotes: "${String(value)}".`
          : issue.expected === 'array' && typeof value === 'string'
            ? `Write a list: [${value}], or one item per line starting with "- ".`
            : undefined;
      return error(`${where}: expected ${expected}, got ${describeValue(value)}.`, hint);
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return error(`${where} must not be empty.`);
      if (issue.origin === 'array') return error(`${where} needs at least ${min} item${min === 1 ? '' : 's'}.`);
      return error(`${where} must be ${issue.inclusive === false ? 'more than' : 'at least'} ${min}, got ${describeValue(value)}.`);
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return error(`${where} is too long: at most ${max} characters.`);
      if (issue.origin === 'array') return error(`${where} has too many items: at most ${max}.`);
      return error(`${where} must be ${issue.inclusive === false ? 'less than' : 'at most'} ${max}, got ${describeValue(value)}.`);
    }
    case 'invalid_value': {
      const allowed = issue.values.map((v) => `\`${String(v)}\``);
      const guess = typeof value === 'string' ? didYouMean(value, issue.values.map(String)) : undefined;
      return error(
        `${where}: expected ${joinOr(allowed)}, got ${describeValue(value)}.`,
        guess === undefined ? undefined : `Did you mean \`${guess}\`?`,
      );
    }
    case 'unrecognized_keys':
      return fieldIssues(issue, rel, ctx);
    case 'invalid_union':
      return unionIssues(issue, rel, ctx);
    case 'invalid_key': {
      const key = issue.path.at(-1);
      return issue.issues.map((inner) => ({
        severity: 'error',
        code: 'schema',
        path,
        atKey: true,
        message: `${where}: the name ${JSON.stringify(key)} is not allowed: ${inner.message}.`,
      }));
    }
    case 'not_multiple_of':
      return error(`${where} must be a multiple of ${issue.divisor}.`);
    case 'invalid_format':
    case 'invalid_element':
    case 'custom':
      return error(`${where}: ${issue.message}.`);
    default:
      return error(`${where}: ${(issue as { message: string }).message}.`);
  }
}

/**
 * Turns zod’s issues for a value into test set issues a person can act on: the field named as a
 * path, what was expected and what was found, and a hint (a close field or scorer name, quoting).
 * `prefix` is where the validated value sits in the test set (a case validated alone: `['cases', 3]`).
 */
export function issuesFromZod(issues: readonly ZodIssue[], schema: z.ZodType, root: unknown, prefix: TestSetPath = []): TestSetIssue[] {
  const ctx: Context = { schema, root, prefix };
  return issues.flatMap((issue) => convert(issue, issue.path as (string | number)[], ctx));
}
