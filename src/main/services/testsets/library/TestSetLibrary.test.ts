import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventMessage } from '../../../../shared/bridge';
import { parseTestSetText } from '../../../../shared/testset/parseTestSetText';
import { packageRoot } from '../../appPaths';
import { EventBus } from '../../EventBus';
import { Store } from '../../store/Store';
import { hashText } from './atomicWrite';
import { TestSetLibrary } from './TestSetLibrary';

const homes: string[] = [];
const stores: Store[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  for (const dir of homes.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A library over a data folder; opening it again on the same folder is what a restart after a crash does. */
function openLibrary(home = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-testsets-'))) {
  if (!homes.includes(home)) homes.push(home);
  const store = Store.open(path.join(home, 'evalbench.db'));
  stores.push(store);
  const bus = new EventBus();
  const events: EventMessage[] = [];
  bus.listen((m) => events.push(m));
  const library = new TestSetLibrary(store, bus, TestSetLibrary.foldersFor(home, path.join(packageRoot(), 'resources')));
  return { home, store, library, events };
}

describe('TestSetLibrary', () => {
  it('creates test sets as files in the library folder, from an example or empty, valid and listed with case counts', async () => {
    const { home, library, events } = openLibrary();
    const examples = await library.listExamples();
    expect(examples.map((e) => e.id)).toContain('arithmetic');
    expect(examples.every((e) => e.caseCount > 0 && !e.id.endsWith('.run'))).toBe(true);
    expect(examples.find((e) => e.id === 'arithmetic')).toMatchObject({ name: 'Arithmetic', caseCount: 22 });

    const arith = await library.create({ name: 'My arithmetic', example: 'arithmetic' });
    expect(arith.summary).toMatchObject({ name: 'My arithmetic', caseCount: 22, path: path.join(home, 'testsets', 'my-arithmetic.yaml') });
    expect(arith).toMatchObject({ format: 'yaml', fileMissing: false, managed: true, draft: null });
    expect(fs.readFileSync(arith.summary.path, 'utf8')).toBe(arith.text);
    expect(arith.text.split('\n')[0]).toBe('# yaml-language-server: $schema=./testset.schema.json');
    expect(fs.existsSync(path.join(home, 'testsets', 'testset.schema.json'))).toBe(true);
    expect(parseTestSetText(arith.text, { file: 'a.yaml' }).errorCount).toBe(0);

    const empty = await library.create({ name: 'My arithmetic' });
    expect(empty.summary.path).toBe(path.join(home, 'testsets', 'my-arithmetic-2.yaml'));
    expect(parseTestSetText(empty.text, { file: 'e.yaml' })).toMatchObject({
      errorCount: 0,
      warningCount: 0,
      testSet: { name: 'My arithmetic' },
    });
    const jsonl = await library.create({ name: 'Lines', format: 'jsonl' });
    expect(parseTestSetText(jsonl.text, { file: jsonl.summary.path })).toMatchObject({ errorCount: 0, testSet: { name: 'Lines' } });

    expect(
      library
        .list()
        .map((t) => t.name)
        .sort(),
    ).toEqual(['Lines', 'My arithmetic', 'My arithmetic']);
    expect(events.filter((e) => e.event === 'testSets.changed')).toHaveLength(3);
    await expect(library.create({ name: 'x', example: 'nope' })).rejects.toThrow(/No example named "nope"/);
  });

  it('saves atomically, updates the list, and refuses to overwrite a file changed on disk unless forced', async () => {
    const { library } = openLibrary();
    const doc = await library.create({ name: 'Sums', example: 'arithmetic' });
    const edited = doc.text.replace(/cases:\n/, 'cases:\n  - id: extra\n    vars: { problem: 1 + 1 }\n    expected: 2\n');
    const saved = await library.save({ id: doc.summary.id, text: edited, baseHash: doc.hash });
    expect(saved.summary.caseCount).toBe(23);
    expect(saved.hash).toBe(hashText(edited));
    expect(fs.readFileSync(doc.summary.path, 'utf8')).toBe(edited);
    expect(fs.readdirSync(path.dirname(doc.summary.path)).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    fs.writeFileSync(doc.summary.path, `${edited}# changed in another editor\n`);
    await expect(library.save({ id: doc.summary.id, text: doc.text, baseHash: saved.hash })).rejects.toMatchObject({ code: 'conflict' });
    expect(fs.readFileSync(doc.summary.path, 'utf8')).toContain('changed in another editor');
    await library.save({ id: doc.summary.id, text: doc.text, baseHash: saved.hash, force: true });
    expect(fs.readFileSync(doc.summary.path, 'utf8')).toBe(doc.text);
  });

  it('keeps drafts across a crash: a new process on the same data folder offers them back, until saved or discarded', async () => {
    const first = openLibrary();
    const doc = await first.library.create({ name: 'Drafty', example: 'arithmetic' });
    const unsaved = doc.text.replace('Calculate:', 'Compute:');
    await first.library.saveDraft({ id: doc.summary.id, text: unsaved.replace('Compute', 'Comp'), baseHash: doc.hash });
    await first.library.saveDraft({ id: doc.summary.id, text: unsaved, baseHash: doc.hash });
    // The crash: nothing is closed or flushed; another process opens the same folder.
    const second = openLibrary(first.home);
    expect((await second.library.draftList()).map((d) => d.id)).toEqual([doc.summary.id]);
    const reopened = await second.library.open({ id: doc.summary.id });
    expect(reopened.text).toBe(doc.text);
    expect(reopened.draft).toMatchObject({ text: unsaved, baseHash: doc.hash });

    await second.library.save({ id: doc.summary.id, text: unsaved, baseHash: reopened.hash });
    expect(await second.library.draftList()).toEqual([]);
    expect((await second.library.open({ id: doc.summary.id })).draft).toBeNull();

    await second.library.saveDraft({ id: doc.summary.id, text: 'name: x\n', baseHash: null });
    await second.library.discardDraft(doc.summary.id);
    expect((await second.library.open({ id: doc.summary.id })).draft).toBeNull();
  });

  it('applies drafts and saves in the order they were sent: a draft sent before a save never outlives it', async () => {
    const { library } = openLibrary();
    const doc = await library.create({ name: 'Order' });
    const id = doc.summary.id;
    const text = doc.text.replace('Paris', 'Paris, France');
    await Promise.all([
      library.saveDraft({ id, text: `${text}# typing\n`, baseHash: doc.hash }),
      library.save({ id, text, baseHash: doc.hash }),
    ]);
    expect(await library.draftList()).toEqual([]);
    await Promise.all([
      library.save({ id, text, baseHash: hashText(text) }),
      library.saveDraft({ id, text: `${text}# more\n`, baseHash: hashText(text) }),
    ]);
    expect((await library.open({ id })).draft?.text).toBe(`${text}# more\n`);
  });

  it('still offers the draft when the file was deleted behind its back, and saving writes the file again', async () => {
    const { library } = openLibrary();
    const doc = await library.create({ name: 'Gone' });
    await library.saveDraft({ id: doc.summary.id, text: `${doc.text}# mine\n`, baseHash: doc.hash });
    fs.rmSync(doc.summary.path);
    const reopened = await library.open({ id: doc.summary.id });
    expect(reopened).toMatchObject({ fileMissing: true, text: '', hash: null, draft: { text: `${doc.text}# mine\n` } });
    await library.save({ id: doc.summary.id, text: `${doc.text}# mine\n`, baseHash: null });
    expect(fs.readFileSync(doc.summary.path, 'utf8')).toContain('# mine');
  });

  it('renames the test set in its file, in unsaved text and in its draft, and moves a library file to match', async () => {
    const { home, library } = openLibrary();
    const doc = await library.create({ name: 'Old name', example: 'arithmetic' });
    const unsaved = doc.text.replace('Calculate:', 'Compute:');
    await library.saveDraft({ id: doc.summary.id, text: unsaved, baseHash: doc.hash });
    const { document, text } = await library.rename({ id: doc.summary.id, name: 'New: name', text: unsaved });
    expect(document.summary).toMatchObject({ name: 'New: name', path: path.join(home, 'testsets', 'new-name.yaml') });
    expect(fs.existsSync(doc.summary.path)).toBe(false);
    expect(document.text).toBe(doc.text.replace('name: Old name', 'name: "New: name"'));
    expect(text).toBe(unsaved.replace('name: Old name', 'name: "New: name"'));
    expect(document.draft).toMatchObject({ text, baseHash: document.hash });
    expect(parseTestSetText(document.text, { file: 'n.yaml' }).testSet?.name).toBe('New: name');

    const lines = await library.create({ name: 'Lines', format: 'jsonl' });
    const renamed = await library.rename({ id: lines.summary.id, name: 'Rows' });
    expect(parseTestSetText(renamed.document.text, { file: 'r.jsonl' }).testSet?.name).toBe('Rows');
    expect(renamed.document.summary.path.endsWith('rows.jsonl')).toBe(true);
    await expect(library.rename({ id: lines.summary.id, name: 'Bad', text: 'name: [unclosed\n' })).resolves.toBeDefined();
    await expect(library.rename({ id: doc.summary.id, name: 'Bad', text: 'name: "unclosed\n' })).rejects.toThrow(
      /cannot be renamed while its YAML has an error/,
    );
  });

  it('duplicates with unsaved edits included, and deletes: library files go to the trash, outside files stay', async () => {
    const { home, library } = openLibrary();
    const doc = await library.create({ name: 'Original', example: 'arithmetic' });
    const copy = await library.duplicate({ id: doc.summary.id, name: 'Copy', text: doc.text.replace('47 + 38', '47 + 39') });
    expect(copy.summary).toMatchObject({ name: 'Copy', caseCount: 22 });
    expect(copy.text).toContain('47 + 39');
    expect(fs.readFileSync(doc.summary.path, 'utf8')).toContain('47 + 38');

    const { trashedTo } = await library.remove(copy.summary.id);
    expect(trashedTo).not.toBeNull();
    expect(fs.readFileSync(trashedTo ?? '', 'utf8')).toBe(copy.text);
    expect(fs.existsSync(copy.summary.path)).toBe(false);
    expect(library.list().map((t) => t.name)).toEqual(['Original']);

    const outside = path.join(home, 'elsewhere', 'mine.yaml');
    fs.mkdirSync(path.dirname(outside));
    fs.writeFileSync(outside, 'name: Mine\ncases:\n  - prompt: hi\n');
    const opened = await library.open({ path: outside });
    expect(opened).toMatchObject({ managed: false, summary: { name: 'Mine', caseCount: 1, path: outside } });
    expect((await library.open({ path: outside })).summary.id).toBe(opened.summary.id);
    expect(await library.remove(opened.summary.id)).toEqual({ trashedTo: null });
    expect(fs.existsSync(outside)).toBe(true);
    await expect(library.open({ path: path.join(home, 'nothing.yaml') })).rejects.toMatchObject({ code: 'not_found' });
    await expect(library.open({ path: path.join(home, 'table.csv') })).rejects.toMatchObject({
      hint: expect.stringMatching(/Use Import/) as string,
    });
  });

  it('imports CSV, promptfoo and question-answer JSONL with what could not be mapped, and exports CSV', async () => {
    const { library } = openLibrary();
    const csv = await library.importFile({
      kind: 'csv',
      fileName: '/tmp/capitals.csv',
      text: 'id,question,answer,source\nfr,Capital of France?,Paris,atlas\nde,Capital of Germany?,Berlin,atlas\n',
    });
    expect(csv.document.summary).toMatchObject({ name: 'capitals', caseCount: 2 });
    expect(csv.unmapped).toEqual([]);
    expect(parseTestSetText(csv.document.text, { file: 'c.yaml' }).errorCount).toBe(0);

    const qa = await library.importFile({
      kind: 'qa-jsonl',
      fileName: 'qa.jsonl',
      text: '{"question":"2+2?","answer":"4","difficulty":"easy"}\nnot json\n',
      name: 'QA',
    });
    expect(qa.document.summary).toMatchObject({ name: 'QA', caseCount: 1 });
    expect(qa.unmapped.map((u) => u.what)).toEqual(['field "difficulty"']);
    expect(qa.errors).toEqual([{ line: 2, column: 1, message: 'this line is not valid JSON' }]);

    const pf = await library.importFile({
      kind: 'promptfoo',
      fileName: 'pf.yaml',
      text: 'prompts: ["Q: {{q}}"]\ntests:\n  - vars: { q: hi }\n    assert:\n      - type: icontains\n        value: hello\n',
    });
    expect(pf.document.summary.caseCount).toBe(1);
    await expect(library.importFile({ kind: 'csv', fileName: 'empty.csv', text: '' })).rejects.toThrow(
      /Nothing could be imported from empty.csv/,
    );

    const out = await library.exportCsv({ id: csv.document.summary.id });
    expect(out.fileName).toBe('capitals.csv');
    expect(out.csv.split('\r\n')[0]).toBe('id,prompt,expected,source');
    await expect(library.exportCsv({ id: csv.document.summary.id, text: 'name: x\ncases: []\n' })).rejects.toThrow(
      /has 1 error, so it cannot be exported/,
    );
  });

  it('writes large imports as JSONL', async () => {
    const { library } = openLibrary();
    const rows = Array.from({ length: 1500 }, (_, i) => `${i},what is ${i}?,${i}`).join('\n');
    const big = await library.importFile({ kind: 'csv', fileName: 'big.csv', text: `id,prompt,expected\n${rows}\n` });
    expect(big.document).toMatchObject({ format: 'jsonl', summary: { caseCount: 1500 } });
    expect(parseTestSetText(big.document.text, { file: big.document.summary.path }).errorCount).toBe(0);
  });

  it('refresh lists files put in the folder by hand and re-reads names and counts changed outside', async () => {
    const { home, library } = openLibrary();
    const doc = await library.create({ name: 'Edited outside' });
    fs.writeFileSync(path.join(home, 'testsets', 'by-hand.jsonl'), '{"prompt":"a"}\n{"prompt":"b"}\n');
    fs.writeFileSync(doc.summary.path, `${doc.text}  - prompt: another\n`);
    const list = await library.refresh();
    expect(list.map((t) => [t.name, t.caseCount]).sort()).toEqual([
      ['Edited outside', 2],
      ['by-hand', 2],
    ]);
  });

  it('refuses to open a test set past the size limit, or one that is not a regular file, and leaves it out of the list (issue 13.4)', async () => {
    const { home, library } = openLibrary();
    const big = path.join(home, 'big.yaml');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, 200 * 1024 * 1024);
    await expect(library.open({ path: big })).rejects.toMatchObject({
      code: 'invalid_input',
      message: `${big} is 200.0 MiB, more than the 4.0 MiB Evalbench reads in a YAML test set.`,
    });
    const fifo = path.join(home, 'testsets', 'pipe.yaml');
    fs.mkdirSync(path.dirname(fifo), { recursive: true });
    execFileSync('mkfifo', [fifo]);
    await expect(library.open({ path: fifo })).rejects.toMatchObject({
      message: `${fifo} is not a regular file (a pipe, socket or device), so it cannot be a test set.`,
    });
    fs.copyFileSync(big, path.join(home, 'testsets', 'big.yaml'));
    expect(await library.refresh()).toEqual([]);
  });
});
