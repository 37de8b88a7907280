import type { StoreApi } from 'zustand';
import type { CallOutput, TestSetDocument, TestSetExample, TestSetImportKind, TestSetSummary } from '../../../../shared/api';
import type { ApiError } from '../../../../shared/result';
import type { ActionState } from '../actions';
import type { Resource } from '../resource';
import type { Bookkeeping } from './bookkeeping';
import type { ValidationResult } from './validateText';

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

export interface JumpRequest {
  id: string;
  line: number;
  column: number;
  nonce: number;
}

/** The library list, the examples and the drafts main keeps, and what to tell the user about them. */
export interface LibrarySlice extends Resource<TestSetSummary[]> {
  examples: Resource<TestSetExample[]>;
  /** Test sets with unsaved edits kept by main, by id: when the draft was written. */
  drafts: Readonly<Record<string, string>>;
  /** Something done that the user should read (where a deleted file went, what an export left out). */
  notice: string | null;
  /** Loads the library list (RunsPage uses this alone). */
  load: () => Promise<void>;
  /** Loads the list, drafts and the tabs open last time, and keeps the list fresh until the returned stop is called. */
  start: () => () => void;
  loadExamples: () => Promise<void>;
  dismissNotice: () => void;
}

/** The open tabs and the editing inside them: edits, drafts, saves and jumps to a line. */
export interface TabsSlice {
  tabs: readonly OpenTestSet[];
  activeId: string | null;
  jump: JumpRequest | null;
  openTestSet: (ref: { id: string } | { path: string }) => Promise<boolean>;
  activate: (id: string) => void;
  closeTab: (id: string) => Promise<void>;
  /** The editor changed (called on every keystroke; cheap). */
  touch: (id: string) => void;
  /** The editor's text, a moment after typing stopped: validates it and keeps a draft. */
  edit: (id: string, text: string) => void;
  save: (id: string, force?: boolean) => Promise<boolean>;
  discardDraft: (id: string) => Promise<void>;
  jumpTo: (id: string, line: number, column: number) => void;
  dismissImportReport: (id: string) => void;
}

/** What the user does to test set files: create, rename, duplicate, remove, import, export; each with its own state. */
export interface FileActionsSlice {
  actions: Record<TestSetActionName, ActionState<null>>;
  create: (input: { name: string; example?: string; format?: 'yaml' | 'jsonl' }) => Promise<boolean>;
  rename: (id: string, name: string) => Promise<boolean>;
  duplicate: (id: string, name: string) => Promise<boolean>;
  remove: (id: string) => Promise<boolean>;
  importFile: (input: { kind: TestSetImportKind; fileName: string; text: string; name?: string }) => Promise<boolean>;
  exportCsv: (id: string) => Promise<CallOutput<'testSets.exportCsv'> | null>;
  resetAction: (name: TestSetActionName) => void;
}

export type TestSetsState = LibrarySlice & TabsSlice & FileActionsSlice;

/** What every slice shares: the store's set and get, the bookkeeping kept outside the state, and small helpers over tabs. */
export interface TestSetsContext {
  set: StoreApi<TestSetsState>['setState'];
  get: StoreApi<TestSetsState>['getState'];
  books: Bookkeeping;
  tab: (id: string) => OpenTestSet | undefined;
  patch: (id: string, change: Partial<OpenTestSet> | ((t: OpenTestSet) => Partial<OpenTestSet>)) => void;
  /** Puts a summary main answered into the library list (replacing the one of the same id). */
  putSummary: (summary: TestSetSummary) => void;
  /** Notes (or, with null, forgets) that main keeps a draft of test set `id`. */
  setDraftMark: (id: string, savedAt: string | null) => void;
  /** Opens a tab, makes it active and validates its text. */
  addTab: (t: OpenTestSet) => void;
  persistTabs: () => void;
  /** The editor's newest text, reported to the store first if it had not been yet. */
  currentText: (id: string) => string | undefined;
  begin: (name: TestSetActionName) => void;
  settleAction: (name: TestSetActionName, error: ApiError | null) => void;
}
