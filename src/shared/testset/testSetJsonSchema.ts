import { z } from 'zod';
import { ScorerSpec } from './ScorerSpec';
import { TestSet } from './TestSet';

/** Where the generated schema is committed, from the repository root. */
export const TEST_SET_SCHEMA_PATH = 'resources/testset.schema.json';

const OPTIONS = { io: 'input', target: 'draft-7', unrepresentable: 'throw' } as const;

/** Replaces every copy of `shared` inside `node` with a reference to it. */
function dedupe(node: unknown, shared: string, ref: string): unknown {
  if (typeof node !== 'object' || node === null) return node;
  if (JSON.stringify(node) === shared) return { $ref: ref };
  if (Array.isArray(node)) return node.map((n) => dedupe(n, shared, ref));
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, dedupe(v, shared, ref)]));
}

/**
 * The JSON Schema (draft-07) of a test set file, generated from the zod schema, which stays the
 * source of truth: Monaco’s validation, completion and hover text come from it, and so can users’
 * own tools. It describes the file as written (`io: 'input'`): optional fields with defaults are
 * optional, and numbers are accepted where text is (ids, expected answers, tags). The scorer
 * union, used by the defaults and by every case, is written once under `definitions`.
 */
export function testSetJsonSchema(): Record<string, unknown> {
  const { $schema, ...body } = z.toJSONSchema(TestSet, OPTIONS);
  const { $schema: _s, ...scorer } = z.toJSONSchema(ScorerSpec, OPTIONS);
  const shared = dedupe(body, JSON.stringify(scorer), '#/definitions/Scorer') as Record<string, unknown>;
  return { $schema, title: 'Evalbench test set', ...shared, definitions: { Scorer: scorer } };
}

/** The schema file’s exact text: two-space JSON and a final newline. */
export function testSetJsonSchemaText(): string {
  return `${JSON.stringify(testSetJsonSchema(), null, 2)}\n`;
}
