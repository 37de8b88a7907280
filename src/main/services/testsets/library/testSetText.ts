import { isMap, isScalar, parseDocument } from 'yaml';
import { JSONL_HEADER_KEY, nameFromFile } from '../../../../shared/testset/parseJsonlTestSet';
import { normalizeLineBreaks } from '../../../../shared/testset/testSetLimits';
import type { TestSetFormat } from '../../../../shared/testset/TestSetLoadResult';
import { UserFacingError } from '../../../../shared/result';

/** What the library lists about a test set: read leniently, so a file with mistakes still has a name and a count. */
export interface TestSetFacts {
  name: string;
  caseCount: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The first non-blank line of a JSONL text, with its offsets. */
function firstRecord(text: string): { start: number; end: number; line: string } | undefined {
  for (let start = 0; start < text.length;) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    const line = text.slice(start, end).replace(/\r$/, '');
    if (line.trim() !== '') return { start, end: start + line.length, line };
    start = end + 1;
  }
  return undefined;
}

function jsonlHeader(text: string): { start: number; end: number; value: Record<string, unknown> } | undefined {
  const first = firstRecord(text);
  if (first === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(first.line);
    return isRecord(value) && isRecord(value[JSONL_HEADER_KEY]) ? { start: first.start, end: first.end, value } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Name and case count of a test set text, without validating it: the name written in the file
 * (else the file's), the number of entries under `cases` (YAML) or of non-blank records (JSONL).
 */
export function testSetFacts(source: string, format: TestSetFormat, file: string): TestSetFacts {
  const text = normalizeLineBreaks(source);
  const fallback = nameFromFile(file);
  if (format === 'jsonl') {
    const header = jsonlHeader(text);
    let records = 0;
    for (const line of text.split('\n')) if (line.trim() !== '') records++;
    const name = header?.value[JSONL_HEADER_KEY];
    const written = isRecord(name) && typeof name.name === 'string' && name.name.trim() !== '' ? name.name : fallback;
    return { name: written, caseCount: Math.max(0, records - (header === undefined ? 0 : 1)) };
  }
  let root: unknown;
  try {
    root = parseDocument(text, { prettyErrors: false }).toJS({ maxAliasCount: 10_000 });
  } catch {
    return { name: fallback, caseCount: 0 };
  }
  if (!isRecord(root)) return { name: fallback, caseCount: 0 };
  const name =
    typeof root.name === 'string' && root.name.trim() !== '' ? root.name : typeof root.name === 'number' ? String(root.name) : fallback;
  return { name, caseCount: Array.isArray(root.cases) ? root.cases.length : 0 };
}

/** A YAML scalar for a name: plain when that reads back as the same string, else double-quoted. */
function yamlScalar(name: string): string {
  const plain =
    /^[\p{L}\p{N}][\p{L}\p{N} _.,()/+-]*$/u.test(name) &&
    !/^(true|false|null|yes|no|on|off|~|[-+]?[\d.]+(e[-+]?\d+)?)$/i.test(name) &&
    !name.endsWith(' ');
  return plain ? name : JSON.stringify(name);
}

/**
 * The text with its top-level `name` set to `name`, changing nothing else (comments, layout and
 * quoting elsewhere stay as written). Refuses a text that cannot be parsed, saying where.
 */
export function withName(text: string, format: TestSetFormat, name: string, file: string): string {
  if (format === 'jsonl') {
    const header = jsonlHeader(text);
    if (header === undefined) return `${JSON.stringify({ [JSONL_HEADER_KEY]: { name } })}\n${text}`;
    const fields = header.value[JSONL_HEADER_KEY] as Record<string, unknown>;
    const line = JSON.stringify({ ...header.value, [JSONL_HEADER_KEY]: { ...fields, name } });
    return `${text.slice(0, header.start)}${line}${text.slice(header.end)}`;
  }
  const doc = parseDocument(text, { prettyErrors: false });
  const error = doc.errors[0];
  if (error !== undefined) {
    throw new UserFacingError(
      'invalid_input',
      `${file} cannot be renamed while its YAML has an error: ${error.message.split('\n')[0] ?? ''}`,
      'Fix the problems listed under the editor first.',
    );
  }
  const root = doc.contents;
  const json = text.trimStart().startsWith('{');
  const value = json ? JSON.stringify(name) : yamlScalar(name);
  if (isMap(root)) {
    const pair = root.items.find((p) => isScalar(p.key) && p.key.value === 'name');
    const range = pair !== undefined && isScalar(pair.value) ? pair.value.range : undefined;
    if (range) return `${text.slice(0, range[0])}${value}${text.slice(range[1])}`;
    const first = root.items[0];
    const at = first !== undefined && isScalar(first.key) ? first.key.range[0] : undefined;
    if (at !== undefined && !root.flow)
      return `${text.slice(0, at)}name: ${value}\n${' '.repeat(at - text.lastIndexOf('\n', at - 1) - 1)}${text.slice(at)}`;
    if (at !== undefined) return `${text.slice(0, at)}${json ? `"name": ${value}, ` : `name: ${value}, `}${text.slice(at)}`;
  }
  if (root === null || (isScalar(root) && root.value === null))
    return `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}name: ${value}\n`;
  throw new UserFacingError(
    'invalid_input',
    `${file} is not a test set (its top level is not a map of fields), so it cannot be renamed.`,
    'A test set starts with `name:` and `cases:`.',
  );
}

/** Where examples point editors at the schema, and where copies in the library folder should. */
const MODELINE = /^(#\s*yaml-language-server:\s*\$schema=)\S+/m;

/** Points a copied example's schema comment at the schema file kept in the library folder. */
export function withLocalSchema(text: string): string {
  return text.replace(MODELINE, '$1./testset.schema.json');
}
