import { getClient } from '../../api/client';
import { tabFromDocument } from './openTestSet';
import type { TestSetsContext } from './types';

const TABS_KEY = 'evalbench.testsets.tabs';

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

/** Remembers which tabs are open (a UI preference, the only state kept in the renderer). */
export function writeSavedTabs(ids: readonly string[], active: string | null): void {
  try {
    localStorage.setItem(TABS_KEY, JSON.stringify({ ids, active }));
  } catch {
    // Storage full or disabled: tabs are a convenience.
  }
}

/** Opens the tabs that were open last time, once per page. */
export async function restoreTabs(ctx: TestSetsContext): Promise<void> {
  if (!ctx.books.claimRestore()) return;
  const { ids, active } = readSavedTabs();
  for (const id of ids) {
    if (ctx.tab(id) !== undefined) continue;
    const result = await getClient().call('testSets.open', { id });
    if (result.ok && ctx.tab(result.value.summary.id) === undefined) ctx.addTab(tabFromDocument(result.value));
  }
  if (active !== null && ctx.tab(active) !== undefined) ctx.set({ activeId: active });
  ctx.persistTabs();
}
