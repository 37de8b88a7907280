import { getClient } from '../../api/client';
import type { TestSetsContext } from './types';

/** How long after the last reported edit a draft is sent to main. */
export const DRAFT_DELAY_MS = 600;

/** Sends tab `id`'s text to main as a draft {@link DRAFT_DELAY_MS} after the last call. */
export function scheduleDraft(ctx: TestSetsContext, id: string): void {
  ctx.books.draftTimers.schedule(id, DRAFT_DELAY_MS, () => void flushDraft(ctx, id));
}

/** Writes tab `id`'s draft now; a tab with no unsaved edits has its draft dropped instead. */
export async function flushDraft(ctx: TestSetsContext, id: string): Promise<void> {
  const { tab, patch } = ctx;
  ctx.books.draftTimers.cancel(id);
  const t = tab(id);
  if (t === undefined) return;
  if (!t.dirty) {
    if (t.draft.savedAt === null && ctx.get().drafts[id] === undefined) return;
    const result = await getClient().call('testSets.discardDraft', { id });
    if (result.ok) {
      patch(id, { draft: { status: 'idle', savedAt: null, error: null } });
      ctx.setDraftMark(id, null);
    }
    return;
  }
  const text = t.text;
  patch(id, (c) => ({ draft: { ...c.draft, status: 'saving', error: null } }));
  const result = await getClient().call('testSets.saveDraft', { id, text, baseHash: t.baseHash });
  if (tab(id) === undefined) return;
  if (result.ok) {
    patch(id, { draft: { status: 'saved', savedAt: result.value.savedAt, error: null } });
    ctx.setDraftMark(id, result.value.savedAt);
  } else patch(id, (c) => ({ draft: { ...c.draft, status: 'error', error: result.error } }));
}

/** Takes every editor's newest text and writes the drafts still waiting (the page is going away). */
export function flushAllDrafts(ctx: TestSetsContext): void {
  for (const t of ctx.get().tabs) {
    const text = ctx.books.textSources.read(t.id);
    if (text !== undefined && text !== t.text) ctx.get().edit(t.id, text);
    if (ctx.books.draftTimers.has(t.id)) void flushDraft(ctx, t.id);
  }
}
