import type { YAMLError } from 'yaml';

/** What to do about the YAML errors people actually make. */
const HINTS: Partial<Record<YAMLError['code'], string>> = {
  DUPLICATE_KEY: 'A field may appear once per map: remove or rename one of them.',
  TAB_AS_INDENT: 'Indent with spaces; YAML does not allow tabs for indentation.',
  BAD_INDENT: 'Line the field up with the others of its map (same number of spaces).',
  BLOCK_AS_IMPLICIT_KEY: 'A field needs a space after its colon (`name: value`); check the line above too.',
  MISSING_CHAR: 'A quote or bracket opened earlier is not closed.',
  MULTILINE_IMPLICIT_KEY: 'A value that spans lines needs quotes or a block (`|`); or a colon is missing after a field name.',
  UNEXPECTED_TOKEN: 'Text that starts with a special character ({ [ * & ! | > % @ `) must be quoted.',
  BAD_SCALAR_START: 'Text that starts with a special character ({ [ * & ! | > % @ `) must be quoted.',
  MULTIPLE_DOCS: 'Keep one test set per file: remove the `---` line.',
  BAD_ALIAS: 'An alias (*name) must refer to an anchor (&name) defined before it.',
};

/** The first line of a YAML error (the rest is a code excerpt that the position already gives) and a hint. */
export function yamlSyntaxIssue(error: YAMLError): { message: string; hint?: string } {
  const first = (error.message.split('\n')[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, '').trim();
  const message = /[.!?]$/.test(first) ? first : `${first}.`;
  const hint = HINTS[error.code];
  return hint === undefined ? { message } : { message, hint };
}
