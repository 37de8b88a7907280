import { doneAction, failedAction, pendingAction } from '../actions';
import type { Bookkeeping } from './bookkeeping';
import { writeSavedTabs } from './savedTabs';
import type { TestSetsContext } from './types';
import { validateTab } from './validationQueue';

/** The helpers every slice of the test-sets store shares, over the store's `set` and `get`. */
export function createTestSetsContext(set: TestSetsContext['set'], get: TestSetsContext['get'], books: Bookkeeping): TestSetsContext {
  const ctx: TestSetsContext = {
    set,
    get,
    books,
    tab: (id) => get().tabs.find((t) => t.id === id),
    patch: (id, change) =>
      set({ tabs: get().tabs.map((t) => (t.id === id ? { ...t, ...(typeof change === 'function' ? change(t) : change) } : t)) }),
    putSummary(summary) {
      const data = get().data;
      if (data !== null)
        set({ data: data.some((t) => t.id === summary.id) ? data.map((t) => (t.id === summary.id ? summary : t)) : [summary, ...data] });
    },
    setDraftMark(id, savedAt) {
      const { [id]: _dropped, ...rest } = get().drafts;
      set({ drafts: savedAt === null ? rest : { ...rest, [id]: savedAt } });
    },
    addTab(t) {
      set({ tabs: [...get().tabs.filter((x) => x.id !== t.id), t], activeId: t.id });
      ctx.persistTabs();
      void validateTab(ctx, t.id);
    },
    persistTabs: () =>
      writeSavedTabs(
        get().tabs.map((t) => t.id),
        get().activeId,
      ),
    currentText(id) {
      const t = ctx.tab(id);
      if (t === undefined) return undefined;
      const text = books.textSources.read(id) ?? t.text;
      if (text !== t.text) get().edit(id, text);
      return text;
    },
    begin: (name) => set({ actions: { ...get().actions, [name]: pendingAction() } }),
    settleAction: (name, error) => set({ actions: { ...get().actions, [name]: error === null ? doneAction(null) : failedAction(error) } }),
  };
  return ctx;
}
