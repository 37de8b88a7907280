import type { VariableValue } from './TestCase';
import { parseTemplate } from './parseTemplate';

export interface RenderedTemplate {
  text: string;
  /** Placeholders with no value, in order of first use; they stay in `text` as written (`{{name}}`). */
  missing: string[];
}

/**
 * Replaces every `{{name}}` with the value of `name` (numbers and true/false as written), once:
 * a value that itself contains `{{…}}` is inserted verbatim, never expanded. `\{{` gives a literal
 * `{{`. See `parseTemplate` for the full rules.
 */
export function renderTemplate(template: string, vars: Readonly<Record<string, VariableValue>>): RenderedTemplate {
  const { parts } = parseTemplate(template);
  let text = '';
  const missing: string[] = [];
  for (const part of parts) {
    if (part.kind === 'text') {
      text += part.text;
      continue;
    }
    const value = Object.hasOwn(vars, part.name) ? vars[part.name] : undefined;
    if (value === undefined) {
      if (!missing.includes(part.name)) missing.push(part.name);
      text += `{{${part.name}}}`;
    } else text += String(value);
  }
  return { text, missing };
}
