import crypto from 'node:crypto';
import fs from 'node:fs';
import { copyFile, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { CallInput, CallName, CallOutput, TestSetDocument, TestSetExample, TestSetSummary } from '../../../../shared/api';
import { testSetFormatOf } from '../../../../shared/testset/parseTestSetText';
import { testSetJsonSchemaText } from '../../../../shared/testset/testSetJsonSchema';
import type { TestSetFormat } from '../../../../shared/testset/TestSetLoadResult';
import { UserFacingError } from '../../../../shared/result';
import type { EventBus } from '../../EventBus';
import type { HandlerSlice } from '../../router';
import type { Store } from '../../store/Store';
import { exportCsv } from '../exportCsv';
import { readTestSetText } from '../readTestSetText';
import { TestSetValidator } from '../validation/TestSetValidator';
import { atomicWrite, hashText } from './atomicWrite';
import { DraftStore } from './DraftStore';
import { isInside, isTestSetFile, slugify, uniqueFile } from './fileNames';
import { convertImport } from './importTestSet';
import { emptyTestSetText, ExampleTestSets } from './newTestSetText';
import { withName } from './testSetText';

export interface TestSetLibraryFolders {
  /** Where new test sets are written (`<home>/testsets`). */
  folder: string;
  /** One file per test set with unsaved edits. */
  drafts: string;
  /** Where deleted library-folder files go. */
  trash: string;
  /** The shipped examples (`resources/examples`). */
  examples: string;
}

interface Row {
  id: string;
  name: string;
  path: string;
  case_count: number;
  updated_at: string;
}

const SCHEMA_FILE = 'testset.schema.json';
const toSummary = (r: Row): TestSetSummary => ({ id: r.id, name: r.name, path: r.path, caseCount: r.case_count, updatedAt: r.updated_at });

/** A test set file's text (null when missing), refused past the size limits or when not a regular file. */
function readText(file: string): Promise<string | null> {
  return readTestSetText(file, file, true);
}

/**
 * The test set library: files on disk (by default in the data folder's `testsets/`) listed in the
 * `test_sets` table with their names and case counts, unsaved edits kept as drafts, and the
 * operations of the Test sets page. Operations on one test set run one after another, in the
 * order they arrived, so a late draft never overwrites a save.
 */
export class TestSetLibrary {
  private readonly drafts: DraftStore;
  private readonly examples: ExampleTestSets;
  private readonly queues = new Map<string, Promise<unknown>>();
  private schemaText: string | undefined;

  constructor(
    private readonly store: Store,
    private readonly bus: EventBus,
    readonly folders: TestSetLibraryFolders,
    /** How texts are validated (the host's: big ones in a worker thread); in-process by default. */
    private readonly validator = new TestSetValidator(null),
  ) {
    this.drafts = new DraftStore(folders.drafts);
    this.examples = new ExampleTestSets(folders.examples);
  }

  /** The folders under a data folder, with the examples shipped in `resourcesDir`. */
  static foldersFor(home: string, resourcesDir: string): TestSetLibraryFolders {
    return {
      folder: path.join(home, 'testsets'),
      drafts: path.join(home, 'drafts', 'testsets'),
      trash: path.join(home, 'trash', 'testsets'),
      examples: path.join(resourcesDir, 'examples'),
    };
  }

  /** The calls this service answers, for the router. */
  handlers(): HandlerSlice<Extract<CallName, `testSets.${string}`>> {
    return {
      'testSets.list': () => this.list(),
      'testSets.refresh': () => this.refresh(),
      'testSets.examples': () => this.listExamples(),
      'testSets.create': (input) => this.create(input),
      'testSets.open': (input) => this.open(input),
      'testSets.save': (input) => this.save(input),
      'testSets.saveDraft': (input) => this.saveDraft(input),
      'testSets.discardDraft': ({ id }) => this.discardDraft(id),
      'testSets.drafts': () => this.draftList(),
      'testSets.rename': (input) => this.rename(input),
      'testSets.duplicate': (input) => this.duplicate(input),
      'testSets.delete': ({ id }) => this.remove(id),
      'testSets.import': (input) => this.importFile(input),
      'testSets.exportCsv': (input) => this.exportCsv(input),
    };
  }

  list(): TestSetSummary[] {
    const rows = this.store.db
      .prepare('SELECT id, name, path, case_count, updated_at FROM test_sets ORDER BY updated_at DESC, rowid DESC')
      .all() as Row[];
    return rows.map(toSummary);
  }

  private row(id: string): Row {
    const row = this.store.db.prepare('SELECT id, name, path, case_count, updated_at FROM test_sets WHERE id = ?').get(id) as
      Row | undefined;
    if (row === undefined)
      throw new UserFacingError(
        'not_found',
        `No test set with id ${id} in the library.`,
        'It may have been deleted in another window; reload the list.',
      );
    return row;
  }

  private rowByPath(file: string): Row | undefined {
    return this.store.db.prepare('SELECT id, name, path, case_count, updated_at FROM test_sets WHERE path = ?').get(file) as
      Row | undefined;
  }

  private async insert(file: string, text: string): Promise<Row> {
    const facts = await this.validator.facts(text, testSetFormatOf(file), file);
    const now = new Date().toISOString();
    const row: Row = { id: crypto.randomUUID(), name: facts.name, path: file, case_count: facts.caseCount, updated_at: now };
    this.store.db
      .prepare('INSERT INTO test_sets (id, name, path, case_count, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(row.id, row.name, row.path, row.case_count, now, now);
    return row;
  }

  private async update(row: Row, file: string, text: string): Promise<Row> {
    const facts = await this.validator.facts(text, testSetFormatOf(file), file);
    const next: Row = { ...row, name: facts.name, path: file, case_count: facts.caseCount, updated_at: new Date().toISOString() };
    this.store.db
      .prepare('UPDATE test_sets SET name = ?, path = ?, case_count = ?, updated_at = ? WHERE id = ?')
      .run(next.name, next.path, next.case_count, next.updated_at, row.id);
    return next;
  }

  private changed(): void {
    this.bus.emit('testSets.changed', this.list());
  }

  /** Runs `work` after every earlier operation on the same test set has finished. */
  private serial<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.catch(() => undefined);
    this.queues.set(key, settled);
    void settled.then(() => {
      if (this.queues.get(key) === settled) this.queues.delete(key);
    });
    return next;
  }

  private async document(row: Row): Promise<TestSetDocument> {
    const text = await readText(row.path);
    let draft = await this.drafts.get(row.id);
    if (draft !== null && text !== null && draft.text === text) {
      await this.drafts.remove(row.id);
      draft = null;
    }
    return {
      summary: toSummary(row),
      format: testSetFormatOf(row.path),
      text: text ?? '',
      hash: text === null ? null : hashText(text),
      fileMissing: text === null,
      managed: isInside(this.folders.folder, row.path),
      draft,
    };
  }

  /** Keeps a copy of the JSON Schema beside the library's files, which their first line points editors at. */
  private async writeSchemaCopy(): Promise<void> {
    this.schemaText ??= testSetJsonSchemaText();
    const file = path.join(this.folders.folder, SCHEMA_FILE);
    if ((await readText(file)) !== this.schemaText) await atomicWrite(file, this.schemaText);
  }

  /** A new file in the library folder, named after the test set. */
  private async createFile(name: string, ext: string, text: string): Promise<Row> {
    await this.writeSchemaCopy();
    const file = uniqueFile(this.folders.folder, slugify(name), ext, (f) => this.rowByPath(f) !== undefined);
    await atomicWrite(file, text);
    const row = await this.insert(file, text);
    this.changed();
    return row;
  }

  /** Adds files found in the library folder, and re-reads names and case counts of every listed file. */
  async refresh(): Promise<TestSetSummary[]> {
    let changed = false;
    let names: string[] = [];
    try {
      names = await readdir(this.folders.folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    for (const name of names) {
      const file = path.join(this.folders.folder, name);
      if (name.startsWith('.') || name === SCHEMA_FILE || !isTestSetFile(name) || this.rowByPath(file) !== undefined) continue;
      if (!(await stat(file)).isFile()) continue;
      let text: string | null;
      try {
        text = await readText(file);
      } catch (error) {
        // A file past the size limits stays out of the list; opening it by path says why.
        if (error instanceof UserFacingError) continue;
        throw error;
      }
      if (text === null) continue;
      await this.insert(file, text);
      changed = true;
    }
    for (const row of this.store.db.prepare('SELECT id, name, path, case_count, updated_at FROM test_sets').all() as Row[]) {
      const text = await readText(row.path).catch(() => null);
      if (text === null) continue;
      const facts = await this.validator.facts(text, testSetFormatOf(row.path), row.path);
      if (facts.name !== row.name || facts.caseCount !== row.case_count) {
        await this.update(row, row.path, text);
        changed = true;
      }
    }
    if (changed) this.changed();
    return this.list();
  }

  listExamples(): Promise<TestSetExample[]> {
    return this.examples.list();
  }

  async create({ name, example, format }: CallInput<'testSets.create'>): Promise<TestSetDocument> {
    const fmt: TestSetFormat = example === undefined ? (format ?? 'yaml') : 'yaml';
    const text = example === undefined ? emptyTestSetText(name, fmt) : await this.examples.textOf(example, name);
    return this.document(await this.createFile(name, fmt === 'jsonl' ? '.jsonl' : '.yaml', text));
  }

  async open(input: CallInput<'testSets.open'>): Promise<TestSetDocument> {
    if ('id' in input) return this.serial(input.id, () => this.document(this.row(input.id)));
    const file = path.resolve(input.path.replace(/^~(?=$|[\\/])/, os.homedir()));
    const known = this.rowByPath(file);
    if (known !== undefined) return this.serial(known.id, () => this.document(known));
    if (/\.(csv|tsv)$/i.test(file))
      throw new UserFacingError('invalid_input', `${file} is a CSV file, not a test set.`, 'Use Import to convert it into a test set.');
    if (!isTestSetFile(file))
      throw new UserFacingError(
        'invalid_input',
        `${file} is not a test set file.`,
        'Test sets end in .yaml, .yml, .json, .jsonl or .ndjson.',
      );
    let info: fs.Stats;
    try {
      info = await stat(file);
    } catch {
      throw new UserFacingError('not_found', `${file}: no such file.`, 'Check the path; it is read on the machine Evalbench runs on.');
    }
    if (info.isDirectory()) throw new UserFacingError('invalid_input', `${file} is a folder, not a test set file.`);
    const text = (await readText(file)) ?? '';
    const row = await this.insert(file, text);
    this.changed();
    return this.document(row);
  }

  save({ id, text, baseHash, force }: CallInput<'testSets.save'>): Promise<CallOutput<'testSets.save'>> {
    return this.serial(id, async () => {
      const row = this.row(id);
      const current = await readText(row.path);
      if (force !== true && current !== null && hashText(current) !== baseHash) {
        throw new UserFacingError(
          'conflict',
          `${row.path} was changed on disk since it was opened here.`,
          'Save again with “Overwrite” to replace those changes, or copy your edits aside and reopen the file.',
        );
      }
      await atomicWrite(row.path, text);
      await this.drafts.remove(id);
      const next = await this.update(row, row.path, text);
      this.changed();
      return { summary: toSummary(next), hash: hashText(text) };
    });
  }

  saveDraft({ id, text, baseHash }: CallInput<'testSets.saveDraft'>): Promise<{ savedAt: string }> {
    return this.serial(id, async () => {
      this.row(id);
      const draft = await this.drafts.put(id, text, baseHash);
      return { savedAt: draft.savedAt };
    });
  }

  discardDraft(id: string): Promise<null> {
    return this.serial(id, async () => {
      await this.drafts.remove(id);
      return null;
    });
  }

  /** Test sets with a kept draft (drafts of test sets no longer in the library are left out). */
  async draftList(): Promise<{ id: string; savedAt: string }[]> {
    const known = new Set(this.list().map((t) => t.id));
    return (await this.drafts.list()).filter((d) => known.has(d.id));
  }

  rename({ id, name, text }: CallInput<'testSets.rename'>): Promise<CallOutput<'testSets.rename'>> {
    return this.serial(id, async () => {
      const row = this.row(id);
      const format = testSetFormatOf(row.path);
      const saved = await readText(row.path);
      if (saved === null)
        throw new UserFacingError(
          'not_found',
          `${row.path} is missing, so it cannot be renamed.`,
          'Save the test set first to write the file again.',
        );
      const renamedSaved = withName(saved, format, name, row.path);
      const renamedText = text === undefined ? null : withName(text, format, name, row.path);
      const stem = slugify(name);
      const ext = path.extname(row.path);
      const managed = isInside(this.folders.folder, row.path);
      const target =
        managed && path.basename(row.path, ext) !== stem
          ? uniqueFile(this.folders.folder, stem, ext, (f) => this.rowByPath(f) !== undefined)
          : row.path;
      await atomicWrite(row.path, renamedSaved);
      if (target !== row.path) await rename(row.path, target);
      const draft = await this.drafts.get(id);
      if (renamedText !== null && renamedText !== renamedSaved) await this.drafts.put(id, renamedText, hashText(renamedSaved));
      else if (renamedText !== null) await this.drafts.remove(id);
      else if (draft !== null) {
        let renamedDraft: string | null = null;
        try {
          renamedDraft = withName(draft.text, format, name, row.path);
        } catch {
          // A draft that does not parse keeps its own name; the user sees it when reopening.
        }
        if (renamedDraft !== null) await this.drafts.put(id, renamedDraft, hashText(renamedSaved));
      }
      const next = await this.update(row, target, renamedSaved);
      this.changed();
      return { document: await this.document(next), text: renamedText };
    });
  }

  async duplicate({ id, name, text }: CallInput<'testSets.duplicate'>): Promise<TestSetDocument> {
    const row = this.row(id);
    const source = text ?? (await readText(row.path));
    if (source === null) throw new UserFacingError('not_found', `${row.path} is missing, so there is nothing to copy.`);
    const ext = path.extname(row.path) === '.yml' ? '.yaml' : path.extname(row.path);
    return this.document(await this.createFile(name, ext, withName(source, testSetFormatOf(row.path), name, row.path)));
  }

  remove(id: string): Promise<{ trashedTo: string | null }> {
    return this.serial(id, async () => {
      const row = this.row(id);
      let trashedTo: string | null = null;
      if (isInside(this.folders.folder, row.path) && fs.existsSync(row.path)) {
        await mkdir(this.folders.trash, { recursive: true });
        trashedTo = path.join(this.folders.trash, `${new Date().toISOString().replace(/[:.]/g, '-')}-${path.basename(row.path)}`);
        try {
          await rename(row.path, trashedTo);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
          await copyFile(row.path, trashedTo);
          await rm(row.path);
        }
      }
      await this.drafts.remove(id);
      this.store.db.prepare('DELETE FROM test_sets WHERE id = ?').run(id);
      this.changed();
      return { trashedTo };
    });
  }

  async importFile({ kind, fileName, text, name }: CallInput<'testSets.import'>): Promise<CallOutput<'testSets.import'>> {
    const converted = convertImport(kind, path.basename(fileName), text, name);
    const row = await this.createFile(converted.result.testSet.name, converted.format === 'jsonl' ? '.jsonl' : '.yaml', converted.text);
    return { document: await this.document(row), unmapped: converted.result.unmapped, errors: converted.result.errors };
  }

  async exportCsv({ id, text }: CallInput<'testSets.exportCsv'>): Promise<CallOutput<'testSets.exportCsv'>> {
    const row = this.row(id);
    const source = text ?? (await readText(row.path));
    if (source === null) throw new UserFacingError('not_found', `${row.path} is missing, so there is nothing to export.`);
    const parsed = await this.validator.validate(source, { file: path.basename(row.path), source: 'testset', checkExpressions: false });
    if (parsed.testSet === null) {
      const first = parsed.diagnostics.find((d) => d.severity === 'error');
      const where = first === undefined ? '' : ` The first, on line ${first.line}: ${first.message}`;
      throw new UserFacingError(
        'invalid_input',
        `${path.basename(row.path)} has ${parsed.errorCount} error${parsed.errorCount === 1 ? '' : 's'}, so it cannot be exported.${where}`,
        'Fix the problems listed under the editor, then export again.',
      );
    }
    const { csv, lost } = exportCsv(parsed.testSet);
    return { fileName: `${path.basename(row.path, path.extname(row.path))}.csv`, csv, lost };
  }
}
