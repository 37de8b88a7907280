import { useRef } from 'react';
import { create } from 'zustand';
import { shallow, useShallow } from 'zustand/shallow';
import type { TestSetSummary } from '../../../shared/api';
import type { ActionState } from './actions';
import { createBookkeeping } from './testSets/bookkeeping';
import { createTestSetsContext } from './testSets/context';
import { createFileActionsSlice } from './testSets/fileActionsSlice';
import { createLibrarySlice } from './testSets/librarySlice';
import { createTabsSlice } from './testSets/tabsSlice';
import type { OpenTestSet, TestSetActionName, TestSetsState } from './testSets/types';
import type { Validator } from './testSets/validator';

export { DRAFT_DELAY_MS } from './testSets/draftAutosave';
export type { OpenTestSet } from './testSets/types';

const books = createBookkeeping(async () => (await import('./testSets/defaultValidator')).createDefaultValidator());

/** Test sets: the library (list, examples, drafts), the open tabs with their edits, and the actions on files. */
export const useTestSetsStore = create<TestSetsState>()((set, get) => {
  const ctx = createTestSetsContext(set, get, books);
  return { ...createLibrarySlice(ctx), ...createTabsSlice(ctx), ...createFileActionsSlice(ctx) };
});

/** Where the store reads the editor's newest text from (the editor registers while it shows a test set). */
export function registerTextSource(id: string, source: () => string): () => void {
  return books.textSources.register(id, source);
}

/** Tests validate in-process; the app uses a Web Worker. */
export function setValidatorFactory(factory: () => Promise<Validator>): void {
  books.setValidatorFactory(factory);
}

/** Forgets timers and per-tab bookkeeping (tests, between cases). */
export function resetTestSetsBookkeeping(): void {
  books.reset();
}

/** What the tab strip shows of one tab. */
export interface TabHeader {
  id: string;
  name: string;
  path: string;
  dirty: boolean;
  errors: number;
}

/** The previous header of the same tab when nothing it shows changed, so `useShallow` sees the same object. */
function stableHeader(known: Map<string, TabHeader>, t: OpenTestSet): TabHeader {
  const next: TabHeader = { id: t.id, name: t.summary.name, path: t.summary.path, dirty: t.dirty, errors: t.validation?.errorCount ?? 0 };
  const last = known.get(t.id);
  if (last !== undefined && shallow(last, next)) return last;
  known.set(t.id, next);
  return next;
}

/** The library list, or null before the first load. */
export const useTestSetList = (): TestSetSummary[] | null => useTestSetsStore((s) => s.data);
export const useActiveTab = (): OpenTestSet | undefined => useTestSetsStore((s) => s.tabs.find((t) => t.id === s.activeId));
/** What the tab strip needs, without re-rendering on every validation. */
export function useTabHeaders(): readonly TabHeader[] {
  const known = useRef(new Map<string, TabHeader>());
  return useTestSetsStore(useShallow((s) => s.tabs.map((t) => stableHeader(known.current, t))));
}
export const useTestSetAction = (name: TestSetActionName): ActionState<null> => useTestSetsStore((s) => s.actions[name]);
