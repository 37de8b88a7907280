import fs from 'node:fs';
import path from 'node:path';
import { TestSetImportKind } from '../../shared/api';
import { UserFacingError } from '../../shared/result';
import { convertImport } from '../../main/services/testsets/library/importTestSet';
import { UsageError, type Command } from '../command';
import { guessImportKind } from '../fileKinds';

const MAX_LISTED = 10;

/** `evals.csv` → `evals.yaml` beside it (`.jsonl` for large imports); never the source itself. */
function defaultOut(file: string, format: 'yaml' | 'jsonl'): string {
  const base = file.slice(0, file.length - path.extname(file).length);
  const out = `${base}.${format}`;
  return path.resolve(out) === path.resolve(file) ? `${base}.evalbench.${format}` : out;
}

export const importCommand: Command = {
  name: 'import',
  summary: 'Turn a promptfoo config, CSV/TSV table or question–answer JSONL into an Evalbench test set file.',
  usage: 'evalbench import FILE [--kind promptfoo|csv|tsv|qa-jsonl] [--out SET.yaml] [--name NAME] [--force]',
  positionals: [{ name: 'FILE', description: 'The file to import; its kind is guessed from its name and content unless --kind says.' }],
  options: {
    kind: { type: 'string', valueName: 'KIND', description: `What the file is: ${TestSetImportKind.options.join(', ')}.` },
    out: {
      type: 'string',
      valueName: 'FILE',
      description: 'Where to write the test set (default: beside the source, .yaml, or .jsonl above 1,000 cases).',
    },
    name: { type: 'string', valueName: 'NAME', description: 'The test set’s name (default: from the file).' },
    force: { type: 'boolean', description: 'Overwrite --out if it exists.' },
  },
  async run(values, positionals, { stdout, stderr }) {
    const [file, ...extra] = positionals;
    if (file === undefined) throw new UsageError('Name the file to import: evalbench import FILE.');
    if (extra.length > 0) throw new UsageError('Import one file at a time.');
    const given = typeof values.kind === 'string' ? TestSetImportKind.safeParse(values.kind) : null;
    if (given !== null && !given.success)
      throw new UsageError(`--kind must be one of ${TestSetImportKind.options.join(', ')}, not "${String(values.kind)}".`);
    let text: string;
    try {
      text = await fs.promises.readFile(file, 'utf8');
    } catch (error) {
      stderr.write(`evalbench import: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)}).\n`);
      return 1;
    }
    const kind = given?.data ?? guessImportKind(file, text);
    if (kind === null) {
      stderr.write(
        `evalbench import: cannot tell what kind of file ${file} is.\nSay it with --kind ${TestSetImportKind.options.join('|')}; an Evalbench test set needs no import (check it with \`evalbench validate ${file}\`).\n`,
      );
      return 1;
    }
    try {
      const converted = convertImport(kind, path.basename(file), text, typeof values.name === 'string' ? values.name : undefined);
      const out = typeof values.out === 'string' ? values.out : defaultOut(file, converted.format);
      if (path.resolve(out) === path.resolve(file)) throw new UsageError('--out names the file being imported; choose another file.');
      if (fs.existsSync(out) && values.force !== true) {
        stderr.write(
          `evalbench import: ${out} already exists; nothing was written.\nChoose another file with --out, or add --force to replace it.\n`,
        );
        return 1;
      }
      fs.writeFileSync(out, converted.text);
      const { result } = converted;
      stdout.write(`${out}: ${result.testSet.cases.length} cases imported from ${file} (${kind}).\n`);
      const notes = [
        ...result.errors.map((e) => `${file}:${e.line}:${e.column}: error: ${e.message}`),
        ...result.unmapped.map((u) => `${file}:${u.line ?? 1}: not imported: ${u.what}: ${u.reason}`),
      ];
      for (const note of notes.slice(0, MAX_LISTED)) stdout.write(`${note}\n`);
      if (notes.length > MAX_LISTED) stdout.write(`… and ${notes.length - MAX_LISTED} more.\n`);
      stdout.write(`Check it with: evalbench validate ${out}\n`);
      return 0;
    } catch (error) {
      if (error instanceof UsageError || !(error instanceof UserFacingError)) throw error;
      stderr.write(`evalbench import: ${error.message}\n${error.hint === undefined ? '' : `${error.hint}\n`}`);
      return 1;
    }
  },
};
