import { create } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { CallOutput, TestSetDocument, TestSetExample, TestSetImportKind, TestSetSummary } from '../../../shared/api';
import type { ApiError } from '../../../shared/result';
import { getClient } from '../api/client';
import type { ValidationResult } from '../components/testsets/validateText';
import type { Validator } from '../components/testsets/validator';
import { idle, settle, type Resource } from './resource';

/** How the editor highlights a file: `.json` as JSON, `.jsonl`/`.ndjson` as JSON lines, the rest as YAML. */
export type EditorLanguage = 'yaml' | 'json' | 'jsonl';

/** What an import could not carry over, shown above the new test set until dismissed. */
export interface ImportReport {
  fileName: string;
  unmapped: CallOutput<'testSets.import'>['unmapped'];
  errors: CallOutput<'testSets.import'>['errors'];
}

/** A test set open in a tab: the file as saved, the text being edited, and what is known about both. */
export interface OpenTestSet {
  id: string;
  summary: TestSetSummary;
  format: TestSetDocument['format'];
  language: EditorLanguage;
  managed: boolean;
  fileMissing: boolean;
  /** The file's text as last loaded or saved. */
  savedText: string;
  /** Hash of the file the edits are based on; a save is refused when the file on disk has another. */
  baseHash: string | null;
  /** The editor's text as last reported (a moment after typing stops). */
  text: string;
  /** Bumped when the text is replaced from outside the editor (rename, discard): the editor then takes `text`. */
  textVersion: number;
  dirty: boolean;
  /** The draft main keeps of the unsaved edits. */
  draft: { status: 'idle' | 'saving' | 'saved' | 'error'; savedAt: string | null; error: ApiError | null };
  /** A draft found when the test set was opened, put back in the editor. `stale`: the file changed on disk since. */
  recovered: { savedAt: string; stale: boolean } | null;
  saving: boolean;
  saveError: ApiError | null;
  conflict: boolean;
  validating: boolean;
  validation: ValidationResult | null;
  validationError: string | null;
  /** The latest validation of a version without errors: its preview stays visible while the text has errors. */
  lastValid: ValidationResult | null;
  importReport: ImportReport | null;
}

export type TestSetActionName = 'open' | 'create' | 'rename' | 'duplicate' | 'remove' | 'import' | 'export' | 'discard';

export interface TestSetActionState {
  status: 'idle' | 'pending' | 'done' | 'error';
  error: ApiError | null;
}

export interface JumpRequest {
  id: string;
  line: number;
  column: number;
  nonce: number;
}

interface TestSetsState extends Resource<TestSetSummary[]> {
  examples: Resource<TestSetExample[]>;
  /** Test sets with unsaved edits kept by main, by id: when the draft was written. */
  drafts: Readonly<Record<string, string>>;
  tabs: readonly OpenTestSet[];
  activeId: string | null;
  jump: JumpRequest | null;
  actions: Record<TestSetActionName, TestSetActionState>;
  /** Something done that the user should read (where a deleted file went, what an export left out). */
  notice: string | null;
  /** Loads the library list (RunsPage uses this alone). */
  load: () => Promise<void>;
  /** Loads the list, drafts and the tabs open last time, and keeps the list fresh until the returned stop is called. */
  start: () => () => void;
  loadExamples: () => Promise<void>;
  openTestSet: (ref: { id: string } | { path: string }) => Promise<boolean>;
  activate: (id: string) => void;
  closeTab: (id: string) => Promise<void>;
  /** The editor changed (called on every keystroke; cheap). */
  touch: (id: string) => void;
  /** The editor's text, a moment after typing stopped: validates it and keeps a draft. */
  edit: (id: string, text: string) => void;
  save: (id: string, force?: boolean) => Promise<boolean>;
  discardDraft: (id: string) => Promise<void>;
  create: (input: { name: string; example?: string; format?: 'yaml' | 'jsonl' }) => Promise<boolean>;
  rename: (id: string, name: string) => Promise<boolean>;
  duplicate: (id: string, name: string) => Promise<boolean>;
  remove: (id: string) => Promise<boolean>;
  importFile: (input: { kind: TestSetImportKind; fileName: string; text: string; name?: string }) => Promise<boolean>;
  exportCsv: (id: string) => Promise<CallOutput<'testSets.exportCsv'> | null>;
  jumpTo: (id: string, line: number, column: number) => void;
  dismissNotice: () => void;
  dismissImportReport: (id: string) => void;
  resetAction: (name: TestSetActionName) => void;
}

/** How long after the last reported edit a draft is sent to main. */
export const DRAFT_DELAY_MS = 600;
const TABS_KEY = 'evalbench.testsets.tabs';

// Not state: they change on every keystroke or hold functions and timers.
const textSources = new Map<string, () => string>();
const draftTimers = new Map<string, ReturnType<typeof setTimeout>>();
const validations = new Map<string, { running: boolean; queued: boolean }>();
let validator: Validator | null = null;
let validatorFactory: () => Promise<Validator> = async () => (await import('../components/testsets/defaultValidator')).createDefaultValidator();
let restored = false;
let jumpNonce = 0;

/** Where the store reads the editor's newest text from (the editor registers while it shows a test set). */
export function registerTextSource(id: string, source: () => string): () => void {
  textSources.set(id, source);
  return () => {
    if (textSources.get(id) === source) textSources.delete(id);
  };
}

/** Tests validate in-process; the app uses a Web Worker. */
export function setValidatorFactory(factory: () => Promise<Validator>): void {
  validator?.dispose();
  validator = null;
  validatorFactory = factory;
}

/** Forgets timers and per-tab bookkeeping (tests, between cases). */
export function resetTestSetsBookkeeping(): void {
  for (const timer of draftTimers.values()) clearTimeout(timer);
  draftTimers.clear();
  validations.clear();
  textSources.clear();
  restored = false;
}

export function languageOf(file: string): EditorLanguage {
  if (/\.(jsonl|ndjson)$/i.test(file)) return 'jsonl';
  return /\.json$/i.test(file) ? 'json' : 'yaml';
}

const baseName = (file: string): string => file.split(/[\\/]/).pop() ?? file;

function tabFromDocument(doc: TestSetDocument): OpenTestSet {
  const draft = doc.draft;
  const text = draft?.text ?? doc.text;
  return {
    id: doc.summary.id,
    summary: doc.summary,
    format: doc.format,
    language: languageOf(doc.summary.path),
    managed: doc.managed,
    fileMissing: doc.fileMissing,
    savedText: doc.text,
    baseHash: draft === null ? doc.hash : draft.baseHash,
    text,
    textVersion: 0,
    dirty: text !== doc.text || doc.fileMissing,
    draft: { status: draft === null ? 'idle' : 'saved', savedAt: draft?.savedAt ?? null, error: null },
    recovered: draft === null ? null : { savedAt: draft.savedAt, stale: !doc.fileMissing && draft.baseHash !== doc.hash },
    saving: false,
    saveError: null,
    conflict: false,
    validating: false,
    validation: null,
    validationError: null,
    lastValid: null,
    importReport: null,
  };
}

function idleActions(): Record<TestSetActionName, TestSetActionState> {
  const a: TestSetActionState = { status: 'idle', error: null };
  return { open: a, create: a, rename: a, duplicate: a, remove: a, import: a, export: a, discard: a };
}

function readSavedTabs(): { ids: string[]; active: string | null } {
  try {
    const raw = JSON.parse(localStorage.getItem(TABS_KEY) ?? 'null') as unknown;
    if (typeof raw === 'object' && raw !== null && Array.isArray((raw as { ids?: unknown }).ids)) {
      const { ids, active } = raw as { ids: unknown[]; active?: unknown };
      return { ids: ids.filter((i): i is string => typeof i === 'string'), active: typeof active === 'string' ? active : null };
    }
  } catch {
    // A corrupt preference is the same as none.
  }
  return { ids: [], active: null };
}

export const useTestSetsStore = create<TestSetsState>()((set, get) => {
  const tab = (id: string): OpenTestSet | undefined => get().tabs.find((t) => t.id === id);
  const patch = (id: string, change: Partial<OpenTestSet> | ((t: OpenTestSet) => Partial<OpenTestSet>)): void =>
    set({ tabs: get().tabs.map((t) => (t.id === id ? { ...t, ...(typeof change === 'function' ? change(t) : change) } : t)) });
  const setAction = (name: TestSetActionName, state: TestSetActionState): void => set({ actions: { ...get().actions, [name]: state } });
  const begin = (name: TestSetActionName): void => setAction(name, { status: 'pending', error: null });
  const settleAction = (name: TestSetActionName, error: ApiError | null): void => setAction(name, error === null ? { status: 'done', error: null } : { status: 'error', error });
  const persistTabs = (): void => {
    try {
      localStorage.setItem(TABS_KEY, JSON.stringify({ ids: get().tabs.map((t) => t.id), active: get().activeId }));
    } catch {
      // Storage full or disabled: tabs are a convenience.
    }
  };
  const putSummary = (summary: TestSetSummary): void => {
    const data = get().data;
    if (data !== null) set({ data: data.some((t) => t.id === summary.id) ? data.map((t) => (t.id === summary.id ? summary : t)) : [summary, ...data] });
  };
  const setDraftMark = (id: string, savedAt: string | null): void => {
    const { [id]: _dropped, ...rest } = get().drafts;
    set({ drafts: savedAt === null ? rest : { ...rest, [id]: savedAt } });
  };
  const addTab = (t: OpenTestSet): void => {
    set({ tabs: [...get().tabs.filter((x) => x.id !== t.id), t], activeId: t.id });
    persistTabs();
    void validate(t.id);
  };
  /** The editor's newest text, reported to the store first if it had not been yet. */
  const currentText = (id: string): string | undefined => {
    const t = tab(id);
    if (t === undefined) return undefined;
    const text = textSources.get(id)?.() ?? t.text;
    if (text !== t.text) get().edit(id, text);
    return text;
  };

  async function validate(id: string): Promise<void> {
    const state = validations.get(id) ?? { running: false, queued: false };
    validations.set(id, state);
    if (state.running) {
      state.queued = true;
      return;
    }
    state.running = true;
    // Read through a function: another edit may queue a run while this one awaits.
    const queued = (): boolean => state.queued;
    patch(id, { validating: true });
    try {
      validator ??= await validatorFactory();
      for (;;) {
        state.queued = false;
        const t = tab(id);
        if (t === undefined) break;
        try {
          const result = await validator.validate(t.text, baseName(t.summary.path), t.format);
          if (tab(id) === undefined) break;
          patch(id, (current) => ({ validation: result, validationError: null, lastValid: result.cases === null ? current.lastValid : result }));
        } catch (error) {
          patch(id, { validationError: error instanceof Error ? error.message : String(error) });
        }
        if (!queued()) break;
      }
    } finally {
      state.running = false;
      if (tab(id) !== undefined) patch(id, { validating: false });
    }
  }

  function scheduleDraft(id: string): void {
    const timer = draftTimers.get(id);
    if (timer !== undefined) clearTimeout(timer);
    draftTimers.set(
      id,
      setTimeout(() => {
        draftTimers.delete(id);
        void flushDraft(id);
      }, DRAFT_DELAY_MS),
    );
  }

  async function flushDraft(id: string): Promise<void> {
    const timer = draftTimers.get(id);
    if (timer !== undefined) clearTimeout(timer);
    draftTimers.delete(id);
    const t = tab(id);
    if (t === undefined) return;
    if (!t.dirty) {
      if (t.draft.savedAt === null && get().drafts[id] === undefined) return;
      const result = await getClient().call('testSets.discardDraft', { id });
      if (result.ok) {
        patch(id, { draft: { status: 'idle', savedAt: null, error: null } });
        setDraftMark(id, null);
      }
      return;
    }
    const text = t.text;
    patch(id, (c) => ({ draft: { ...c.draft, status: 'saving', error: null } }));
    const result = await getClient().call('testSets.saveDraft', { id, text, baseHash: t.baseHash });
    if (tab(id) === undefined) return;
    if (result.ok) {
      patch(id, { draft: { status: 'saved', savedAt: result.value.savedAt, error: null } });
      setDraftMark(id, result.value.savedAt);
    } else patch(id, (c) => ({ draft: { ...c.draft, status: 'error', error: result.error } }));
  }

  const flushAllDrafts = (): void => {
    for (const t of get().tabs) {
      const text = textSources.get(t.id)?.();
      if (text !== undefined && text !== t.text) get().edit(t.id, text);
      if (draftTimers.has(t.id)) void flushDraft(t.id);
    }
  };

  async function loadDrafts(): Promise<void> {
    const result = await getClient().call('testSets.drafts', {});
    if (result.ok) set({ drafts: Object.fromEntries(result.value.map((d) => [d.id, d.savedAt])) });
  }

  async function restoreTabs(): Promise<void> {
    if (restored) return;
    restored = true;
    const { ids, active } = readSavedTabs();
    for (const id of ids) {
      if (tab(id) !== undefined) continue;
      const result = await getClient().call('testSets.open', { id });
      if (result.ok && tab(result.value.summary.id) === undefined) addTab(tabFromDocument(result.value));
    }
    if (active !== null && tab(active) !== undefined) set({ activeId: active });
    persistTabs();
  }

  return {
    ...idle<TestSetSummary[]>(),
    examples: idle<TestSetExample[]>(),
    drafts: {},
    tabs: [],
    activeId: null,
    jump: null,
    actions: idleActions(),
    notice: null,

    async load() {
      set({ status: 'loading' });
      const result = await getClient().call('testSets.list', {});
      set(settle(get(), result));
    },

    start() {
      const client = getClient();
      const stopChanged = client.on('testSets.changed', (list) => set({ data: list, status: 'ready', error: null }));
      const loadAll = (): void => {
        void get()
          .load()
          .then(async () => {
            // Files added to the library folder by hand, or edited elsewhere, show up without a restart.
            const refreshed = await client.call('testSets.refresh', {});
            if (refreshed.ok) set({ data: refreshed.value, status: 'ready', error: null });
          });
        void loadDrafts();
      };
      loadAll();
      void restoreTabs();
      const stopReconnect = client.onReconnect(loadAll);
      window.addEventListener('pagehide', flushAllDrafts);
      return () => {
        stopChanged();
        stopReconnect();
        window.removeEventListener('pagehide', flushAllDrafts);
        flushAllDrafts();
      };
    },

    async loadExamples() {
      if (get().examples.status === 'ready') return;
      set({ examples: { ...get().examples, status: 'loading' } });
      const result = await getClient().call('testSets.examples', {});
      set({ examples: settle(get().examples, result) });
    },

    async openTestSet(ref) {
      if ('id' in ref && tab(ref.id) !== undefined) {
        get().activate(ref.id);
        return true;
      }
      begin('open');
      const result = await getClient().call('testSets.open', ref);
      if (!result.ok) {
        settleAction('open', result.error);
        return false;
      }
      putSummary(result.value.summary);
      if (tab(result.value.summary.id) === undefined) addTab(tabFromDocument(result.value));
      else get().activate(result.value.summary.id);
      settleAction('open', null);
      return true;
    },

    activate(id) {
      if (tab(id) === undefined) return;
      set({ activeId: id });
      persistTabs();
    },

    async closeTab(id) {
      const text = textSources.get(id)?.();
      if (text !== undefined && text !== tab(id)?.text) get().edit(id, text);
      if (draftTimers.has(id)) await flushDraft(id);
      const tabs = get().tabs;
      const index = tabs.findIndex((t) => t.id === id);
      if (index < 0) return;
      const rest = tabs.filter((t) => t.id !== id);
      const activeId = get().activeId === id ? (rest[Math.min(index, rest.length - 1)]?.id ?? null) : get().activeId;
      validations.delete(id);
      set({ tabs: rest, activeId });
      persistTabs();
    },

    touch(id) {
      const t = tab(id);
      if (t !== undefined && !t.dirty) patch(id, { dirty: true });
    },

    edit(id, text) {
      const t = tab(id);
      if (t === undefined || (text === t.text && t.dirty === (text !== t.savedText || t.fileMissing))) return;
      patch(id, { text, dirty: text !== t.savedText || t.fileMissing });
      scheduleDraft(id);
      void validate(id);
    },

    async save(id, force = false) {
      const text = currentText(id);
      const t = tab(id);
      if (text === undefined || t === undefined || t.saving) return false;
      const timer = draftTimers.get(id);
      if (timer !== undefined) clearTimeout(timer);
      draftTimers.delete(id);
      patch(id, { saving: true, saveError: null });
      const result = await getClient().call('testSets.save', { id, text, baseHash: t.baseHash, force });
      if (tab(id) === undefined) return false;
      if (!result.ok) {
        patch(id, { saving: false, saveError: result.error, conflict: result.error.code === 'conflict' });
        scheduleDraft(id);
        return false;
      }
      const latest = textSources.get(id)?.() ?? tab(id)?.text ?? text;
      patch(id, {
        saving: false,
        summary: result.value.summary,
        savedText: text,
        baseHash: result.value.hash,
        fileMissing: false,
        text: latest,
        dirty: latest !== text,
        recovered: null,
        conflict: false,
        saveError: null,
        draft: { status: 'idle', savedAt: null, error: null },
      });
      setDraftMark(id, null);
      putSummary(result.value.summary);
      if (latest !== text) {
        scheduleDraft(id);
        void validate(id);
      }
      return true;
    },

    async discardDraft(id) {
      const t = tab(id);
      if (t === undefined) return;
      begin('discard');
      const timer = draftTimers.get(id);
      if (timer !== undefined) clearTimeout(timer);
      draftTimers.delete(id);
      const result = await getClient().call('testSets.discardDraft', { id });
      if (!result.ok) {
        settleAction('discard', result.error);
        return;
      }
      const reopened = await getClient().call('testSets.open', { id });
      const saved = reopened.ok ? reopened.value : null;
      patch(id, (c) => ({
        savedText: saved?.text ?? c.savedText,
        baseHash: saved?.hash ?? c.baseHash,
        fileMissing: saved?.fileMissing ?? c.fileMissing,
        text: saved?.text ?? c.savedText,
        textVersion: c.textVersion + 1,
        dirty: saved?.fileMissing ?? c.fileMissing,
        recovered: null,
        conflict: false,
        saveError: null,
        draft: { status: 'idle', savedAt: null, error: null },
      }));
      setDraftMark(id, null);
      settleAction('discard', null);
      void validate(id);
    },

    async create(input) {
      begin('create');
      const result = await getClient().call('testSets.create', input);
      if (!result.ok) {
        settleAction('create', result.error);
        return false;
      }
      putSummary(result.value.summary);
      addTab(tabFromDocument(result.value));
      settleAction('create', null);
      return true;
    },

    async rename(id, name) {
      const text = currentText(id);
      const t = tab(id);
      if (text === undefined || t === undefined) return false;
      begin('rename');
      const result = await getClient().call('testSets.rename', t.dirty ? { id, name, text } : { id, name });
      if (!result.ok) {
        settleAction('rename', result.error);
        return false;
      }
      const { document, text: renamed } = result.value;
      const next = renamed ?? document.text;
      patch(id, (c) => ({
        summary: document.summary,
        savedText: document.text,
        baseHash: document.hash,
        fileMissing: document.fileMissing,
        managed: document.managed,
        text: next,
        textVersion: c.textVersion + 1,
        dirty: next !== document.text,
        recovered: null,
        draft: { status: document.draft === null ? 'idle' : 'saved', savedAt: document.draft?.savedAt ?? null, error: null },
      }));
      setDraftMark(id, document.draft?.savedAt ?? null);
      putSummary(document.summary);
      persistTabs();
      settleAction('rename', null);
      void validate(id);
      return true;
    },

    async duplicate(id, name) {
      const text = currentText(id);
      if (text === undefined) return false;
      begin('duplicate');
      const result = await getClient().call('testSets.duplicate', { id, name, text });
      if (!result.ok) {
        settleAction('duplicate', result.error);
        return false;
      }
      putSummary(result.value.summary);
      addTab(tabFromDocument(result.value));
      settleAction('duplicate', null);
      return true;
    },

    async remove(id) {
      const summary = tab(id)?.summary ?? get().data?.find((t) => t.id === id);
      begin('remove');
      const timer = draftTimers.get(id);
      if (timer !== undefined) clearTimeout(timer);
      draftTimers.delete(id);
      const result = await getClient().call('testSets.delete', { id });
      if (!result.ok) {
        settleAction('remove', result.error);
        return false;
      }
      const name = summary?.name ?? 'The test set';
      const where = result.value.trashedTo;
      set({
        notice: where === null ? `Removed “${name}” from the library; its file stays at ${summary?.path ?? 'its place'}.` : `Deleted “${name}”; its file was moved to ${where}.`,
        data: get().data?.filter((t) => t.id !== id) ?? null,
      });
      setDraftMark(id, null);
      if (tab(id) !== undefined) await get().closeTab(id);
      settleAction('remove', null);
      return true;
    },

    async importFile(input) {
      begin('import');
      const result = await getClient().call('testSets.import', input);
      if (!result.ok) {
        settleAction('import', result.error);
        return false;
      }
      const { document, unmapped, errors } = result.value;
      putSummary(document.summary);
      addTab({ ...tabFromDocument(document), importReport: { fileName: input.fileName, unmapped, errors } });
      settleAction('import', null);
      return true;
    },

    async exportCsv(id) {
      const text = currentText(id);
      if (text === undefined) return null;
      begin('export');
      const result = await getClient().call('testSets.exportCsv', { id, text });
      settleAction('export', result.ok ? null : result.error);
      if (!result.ok) return null;
      if (result.value.lost.length > 0) set({ notice: `${result.value.fileName} holds the cases; CSV has no room for: ${result.value.lost.join(', ')}.` });
      return result.value;
    },

    jumpTo(id, line, column) {
      set({ activeId: id, jump: { id, line, column, nonce: ++jumpNonce } });
    },

    dismissNotice: () => set({ notice: null }),
    dismissImportReport: (id) => patch(id, { importReport: null }),
    resetAction: (name) => setAction(name, { status: 'idle', error: null }),
  };
});

/** The library list, or null before the first load. */
export const useTestSetList = (): TestSetSummary[] | null => useTestSetsStore((s) => s.data);
export const useActiveTab = (): OpenTestSet | undefined => useTestSetsStore((s) => s.tabs.find((t) => t.id === s.activeId));
/** What the tab strip needs, without re-rendering on every validation. */
export const useTabHeaders = (): { id: string; name: string; path: string; dirty: boolean; errors: number }[] =>
  useTestSetsStore(
    useShallow((s) => s.tabs.map((t) => `${t.id}\u0000${t.summary.name}\u0000${t.summary.path}\u0000${t.dirty ? 1 : 0}\u0000${t.validation?.errorCount ?? 0}`)),
  ).map((key) => {
    const [id = '', name = '', path = '', dirty = '0', errors = '0'] = key.split('\u0000');
    return { id, name, path, dirty: dirty === '1', errors: Number(errors) };
  });
export const useTestSetAction = (name: TestSetActionName): TestSetActionState => useTestSetsStore((s) => s.actions[name]);
