import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TestSetDocument } from '../../../shared/api';
import { createClient, setClient } from '../api/client';
import { validateText } from './testSets/validateText';
import { fakeBridge } from '../test/fakeBridge';
import { DRAFT_DELAY_MS, registerTextSource, resetTestSetsBookkeeping, setValidatorFactory, useTestSetsStore } from './testSetsStore';

const TEXT = 'name: Sums\ndefaults:\n  promptTemplate: "Add {{a}}"\ncases:\n  - id: one\n    vars: { a: 1 }\n    expected: "1"\n';

function doc(overrides: Partial<TestSetDocument> = {}): TestSetDocument {
  return {
    summary: { id: 't1', name: 'Sums', path: '/data/testsets/sums.yaml', caseCount: 1, updatedAt: '2026-11-01T10:00:00Z' },
    format: 'yaml',
    text: TEXT,
    hash: 'h1',
    fileMissing: false,
    managed: true,
    draft: null,
    ...overrides,
  };
}

type Answers = Parameters<typeof fakeBridge>[0];

function setup(answers: Answers = {}) {
  const fake = fakeBridge({
    'testSets.open': () => ({ ok: true, value: doc() }),
    'testSets.saveDraft': () => ({ ok: true, value: { savedAt: '2026-11-01T10:05:00Z' } }),
    'testSets.discardDraft': () => ({ ok: true, value: null }),
    ...answers,
  });
  setClient(createClient(fake.bridge));
  return fake;
}

const state = () => useTestSetsStore.getState();
const tab = () => state().tabs[0];
const settle = async (): Promise<void> => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

beforeEach(() => {
  localStorage.clear();
  resetTestSetsBookkeeping();
  useTestSetsStore.setState(useTestSetsStore.getInitialState(), true);
  setValidatorFactory(() =>
    Promise.resolve({ validate: (text, file, format) => Promise.resolve(validateText(text, file, format)), dispose: () => undefined }),
  );
});
afterEach(() => vi.useRealTimers());

describe('test sets store', () => {
  it('opens a test set in a tab, validates it and renders its cases, and remembers the tab for the next start', async () => {
    setup();
    expect(await state().openTestSet({ id: 't1' })).toBe(true);
    await vi.waitFor(() => expect(tab()?.validation).not.toBeNull());
    expect(tab()).toMatchObject({ id: 't1', language: 'yaml', dirty: false, recovered: null });
    expect(tab()?.validation?.cases?.[0]).toMatchObject({
      id: 'one',
      line: 5,
      messages: [{ role: 'user', content: 'Add 1' }],
      expected: ['1'],
    });
    expect(JSON.parse(localStorage.getItem('evalbench.testsets.tabs') ?? '{}')).toEqual({ ids: ['t1'], active: 't1' });
  });

  it('puts a recovered draft back in the editor, and says when the file changed on disk since', async () => {
    setup({
      'testSets.open': () => ({
        ok: true,
        value: doc({ hash: 'h2', draft: { text: `${TEXT}# mine\n`, savedAt: '2026-11-01T09:00:00Z', baseHash: 'h1' } }),
      }),
    });
    await state().openTestSet({ id: 't1' });
    expect(tab()).toMatchObject({
      text: `${TEXT}# mine\n`,
      savedText: TEXT,
      dirty: true,
      baseHash: 'h1',
      recovered: { savedAt: '2026-11-01T09:00:00Z', stale: true },
    });
  });

  it('keeps unsaved edits as a draft in main shortly after typing stops, and drops it when the text is back to saved', async () => {
    vi.useFakeTimers();
    const fake = setup();
    await state().openTestSet({ id: 't1' });
    state().touch('t1');
    expect(tab()?.dirty).toBe(true);
    state().edit('t1', `${TEXT}# edit\n`);
    expect(fake.calls.filter((c) => c.name === 'testSets.saveDraft')).toEqual([]);
    await vi.advanceTimersByTimeAsync(DRAFT_DELAY_MS);
    expect(fake.calls.filter((c) => c.name === 'testSets.saveDraft').map((c) => c.input)).toEqual([
      { id: 't1', text: `${TEXT}# edit\n`, baseHash: 'h1' },
    ]);
    expect(tab()?.draft).toEqual({ status: 'saved', savedAt: '2026-11-01T10:05:00Z', error: null });
    expect(state().drafts).toEqual({ t1: '2026-11-01T10:05:00Z' });

    state().edit('t1', TEXT);
    expect(tab()?.dirty).toBe(false);
    await vi.advanceTimersByTimeAsync(DRAFT_DELAY_MS);
    expect(fake.calls.map((c) => c.name)).toContain('testSets.discardDraft');
    expect(state().drafts).toEqual({});
  });

  it('saves the editor’s newest text against the hash it started from, and offers to overwrite on a conflict', async () => {
    let conflict = true;
    const fake = setup({
      'testSets.save': () =>
        conflict
          ? { ok: false, error: { code: 'conflict', message: '/data/testsets/sums.yaml was changed on disk since it was opened here.' } }
          : { ok: true, value: { summary: { ...doc().summary, caseCount: 2 }, hash: 'h3' } },
    });
    await state().openTestSet({ id: 't1' });
    let newest = `${TEXT}  - id: two\n    vars: { a: 2 }\n`;
    registerTextSource('t1', () => newest);
    expect(await state().save('t1')).toBe(false);
    expect(tab()).toMatchObject({ conflict: true, dirty: true, saving: false });
    conflict = false;
    expect(await state().save('t1', true)).toBe(true);
    expect(fake.calls.filter((c) => c.name === 'testSets.save').map((c) => c.input)).toEqual([
      { id: 't1', text: newest, baseHash: 'h1', force: false },
      { id: 't1', text: newest, baseHash: 'h1', force: true },
    ]);
    expect(tab()).toMatchObject({ conflict: false, dirty: false, savedText: newest, baseHash: 'h3', summary: { caseCount: 2 } });
    newest = `${newest}# after\n`;
    expect(await state().save('t1')).toBe(true);
    expect(fake.calls.at(-1)?.input).toMatchObject({ baseHash: 'h3' });
  });

  it('renames with the unsaved text and puts the renamed text in the editor', async () => {
    const fake = setup({
      'testSets.rename': (input) => {
        const { text } = input as { text?: string };
        return {
          ok: true,
          value: {
            document: doc({
              summary: { ...doc().summary, name: 'Adds', path: '/data/testsets/adds.yaml' },
              text: TEXT.replace('Sums', 'Adds'),
              hash: 'h9',
            }),
            text: text?.replace('Sums', 'Adds') ?? null,
          },
        };
      },
    });
    await state().openTestSet({ id: 't1' });
    state().edit('t1', `${TEXT}# unsaved\n`);
    expect(await state().rename('t1', 'Adds')).toBe(true);
    expect(fake.calls.find((c) => c.name === 'testSets.rename')?.input).toEqual({ id: 't1', name: 'Adds', text: `${TEXT}# unsaved\n` });
    expect(tab()).toMatchObject({
      text: `${TEXT.replace('Sums', 'Adds')}# unsaved\n`,
      textVersion: 1,
      dirty: true,
      baseHash: 'h9',
      summary: { name: 'Adds' },
    });
  });

  it('closing a tab with edits waits for their draft; deleting tells where the file went', async () => {
    const fake = setup({ 'testSets.delete': () => ({ ok: true, value: { trashedTo: '/data/trash/testsets/sums.yaml' } }) });
    await state().openTestSet({ id: 't1' });
    state().edit('t1', `${TEXT}# unsaved\n`);
    await state().closeTab('t1');
    expect(fake.calls.filter((c) => c.name === 'testSets.saveDraft')).toHaveLength(1);
    expect(state().tabs).toEqual([]);
    expect(state().activeId).toBeNull();

    await state().openTestSet({ id: 't1' });
    expect(await state().remove('t1')).toBe(true);
    expect(state().notice).toBe('Deleted “Sums”; its file was moved to /data/trash/testsets/sums.yaml.');
    expect(state().tabs).toEqual([]);
  });

  it('opens an import in a tab with what could not be carried over', async () => {
    setup({
      'testSets.import': () => ({
        ok: true,
        value: {
          document: doc({ summary: { ...doc().summary, id: 't2', name: 'capitals' } }),
          unmapped: [{ line: 1, what: 'column "x y"', reason: 'became {{x_y}}' }],
          errors: [],
        },
      }),
    });
    expect(await state().importFile({ kind: 'csv', fileName: 'capitals.csv', text: 'a,b\n' })).toBe(true);
    expect(tab()?.importReport).toEqual({
      fileName: 'capitals.csv',
      unmapped: [{ line: 1, what: 'column "x y"', reason: 'became {{x_y}}' }],
      errors: [],
    });
  });

  it('reopens the tabs of the last session once, skipping test sets that are gone', async () => {
    localStorage.setItem('evalbench.testsets.tabs', JSON.stringify({ ids: ['gone', 't1'], active: 't1' }));
    const fake = setup({
      'testSets.open': (input) =>
        (input as { id: string }).id === 'gone'
          ? { ok: false, error: { code: 'not_found', message: 'No test set with id gone.' } }
          : { ok: true, value: doc() },
      'testSets.list': () => ({ ok: true, value: [doc().summary] }),
      'testSets.refresh': () => ({ ok: true, value: [doc().summary] }),
      'testSets.drafts': () => ({ ok: true, value: [] }),
    });
    const stop = state().start();
    await vi.waitFor(() => expect(state().tabs.map((t) => t.id)).toEqual(['t1']));
    stop();
    state().start()();
    await settle();
    expect(fake.calls.filter((c) => c.name === 'testSets.open')).toHaveLength(2);
    expect(state().activeId).toBe('t1');
  });
});
