/**
 * Variable names a template may use: a letter, `_` or any non-ASCII character first, then also
 * digits and `-` (so `{{question}}`, `{{choice_a}}`, `{{问题}}`). Written without `\p{…}` so the JSON
 * Schema’s pattern works in every JSON Schema tool, Python’s included.
 */
export const VARIABLE_NAME = /^[A-Za-z_\u00A0-\uFFFF][A-Za-z0-9_\-\u00A0-\uFFFF]*$/;

/** The built-in variable that carries a case’s `prompt` into `defaults.promptTemplate`. */
export const PROMPT_VARIABLE = 'prompt';
