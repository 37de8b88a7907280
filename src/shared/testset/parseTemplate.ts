import { VARIABLE_NAME } from './templateSyntax';

/** A piece of a template: literal text, or a `{{name}}` placeholder. */
export type TemplatePart = { kind: 'text'; text: string } | { kind: 'variable'; name: string; offset: number };

/** A `{{` that does not form a placeholder, at `offset` (UTF-16 code units) in the template. */
export interface TemplateProblem {
  offset: number;
  message: string;
  hint: string;
}

export interface ParsedTemplate {
  parts: readonly TemplatePart[];
  /** Distinct variable names, in order of first use. */
  variables: readonly string[];
  problems: readonly TemplateProblem[];
}

const cache = new Map<string, ParsedTemplate>();
const CACHE_LIMIT = 1000;
const ESCAPE_HINT = 'For literal braces write \\{{ (a backslash before the braces).';

/**
 * Splits a template into text and placeholders. The rules, which the editor documents too:
 * - `{{name}}` (spaces inside allowed: `{{ name }}`) is a placeholder for the variable `name`;
 * - `\{{` is a literal `{{` (the backslash is dropped); every other backslash and brace is literal;
 * - a `{{` that does not form `{{name}}` is a problem, and is kept as literal text.
 * Results are cached: test sets repeat the same template in every case.
 */
export function parseTemplate(template: string): ParsedTemplate {
  const cached = cache.get(template);
  if (cached !== undefined) return cached;
  const parts: TemplatePart[] = [];
  const variables: string[] = [];
  const problems: TemplateProblem[] = [];
  let text = '';
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{{', i);
    if (open < 0) break;
    if (open > 0 && template[open - 1] === '\\') {
      text += template.slice(i, open - 1) + '{{';
      i = open + 2;
      continue;
    }
    text += template.slice(i, open);
    const close = template.indexOf('}}', open + 2);
    if (close < 0) {
      problems.push({ offset: open, message: '`{{` is never closed by `}}`', hint: ESCAPE_HINT });
      text += '{{';
      i = open + 2;
      continue;
    }
    const name = template.slice(open + 2, close).trim();
    if (!VARIABLE_NAME.test(name)) {
      problems.push({
        offset: open,
        message: `\`{{${name}}}\` is not a placeholder: a variable name starts with a letter or _ and has only letters, digits, _ and -`,
        hint: ESCAPE_HINT,
      });
      text += template.slice(open, close + 2);
      i = close + 2;
      continue;
    }
    if (text !== '') parts.push({ kind: 'text', text });
    text = '';
    parts.push({ kind: 'variable', name, offset: open });
    if (!variables.includes(name)) variables.push(name);
    i = close + 2;
  }
  text += template.slice(i);
  if (text !== '') parts.push({ kind: 'text', text });
  const parsed: ParsedTemplate = { parts, variables, problems };
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(template, parsed);
  return parsed;
}
