import { z } from 'zod';
import type { TestSetPath } from './TestSetDiagnostic';
import { valueAt } from './valueAt';

/** Strips the wrappers that do not change which fields an object has. */
function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (;;) {
    if (s instanceof z.ZodOptional || s instanceof z.ZodDefault || s instanceof z.ZodPrefault || s instanceof z.ZodNullable)
      s = s.unwrap() as z.ZodType;
    else if (s instanceof z.ZodPipe) s = s.in as z.ZodType;
    else return s;
  }
}

/** The branch of a union that fits a value: the one whose discriminator matches, else the first object or list branch. */
function pickBranch(union: z.ZodUnion, value: unknown): z.ZodType | undefined {
  const options = union.options.map((o) => unwrap(o as z.ZodType));
  if (Array.isArray(value)) return options.find((o) => o instanceof z.ZodArray);
  if (typeof value !== 'object' || value === null) return undefined;
  const objects = options.filter((o): o is z.ZodObject => o instanceof z.ZodObject);
  const type = (value as Record<string, unknown>).type;
  return (
    objects.find((o) => {
      const literal = (o.shape as Record<string, z.ZodType | undefined>).type;
      return literal instanceof z.ZodLiteral && literal.values.has(type as string);
    }) ?? (objects.length === 1 ? objects[0] : undefined)
  );
}

/** The schema that validates the value at `path`, choosing union branches by the value itself. */
function schemaAt(schema: z.ZodType, path: TestSetPath, root: unknown): z.ZodType | undefined {
  let s: z.ZodType | undefined = unwrap(schema);
  for (let i = 0; i <= path.length && s !== undefined; i++) {
    if (s instanceof z.ZodUnion) s = pickBranch(s, valueAt(root, path.slice(0, i)));
    if (s === undefined || i === path.length) break;
    const segment = path[i];
    if (s instanceof z.ZodObject && typeof segment === 'string') s = (s.shape as Record<string, z.ZodType | undefined>)[segment];
    else if (s instanceof z.ZodArray) s = s.element as z.ZodType;
    else if (s instanceof z.ZodRecord) s = s.valueType as z.ZodType;
    else s = undefined;
    s = s === undefined ? undefined : unwrap(s);
  }
  return s;
}

/** The field names the object at `path` may have (for “did you mean” on an unknown field), if it is an object. */
export function schemaFieldsAt(schema: z.ZodType, path: TestSetPath, root: unknown): string[] | undefined {
  const s = schemaAt(schema, path, root);
  return s instanceof z.ZodObject ? Object.keys(s.shape) : undefined;
}
