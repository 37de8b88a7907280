import { getClient } from '../../api/client';
import { flushDraft, scheduleDraft } from './draftAutosave';
import { tabFromDocument } from './openTestSet';
import type { TabsSlice, TestSetsContext } from './types';
import { validateTab } from './validationQueue';

export function createTabsSlice(ctx: TestSetsContext): TabsSlice {
  const { set, get, tab, patch, books } = ctx;
  const validate = (id: string): void => void validateTab(ctx, id);

  return {
    tabs: [],
    activeId: null,
    jump: null,

    async openTestSet(ref) {
      if ('id' in ref && tab(ref.id) !== undefined) {
        get().activate(ref.id);
        return true;
      }
      ctx.begin('open');
      const result = await getClient().call('testSets.open', ref);
      if (!result.ok) {
        ctx.settleAction('open', result.error);
        return false;
      }
      ctx.putSummary(result.value.summary);
      if (tab(result.value.summary.id) === undefined) ctx.addTab(tabFromDocument(result.value));
      else get().activate(result.value.summary.id);
      ctx.settleAction('open', null);
      return true;
    },

    activate(id) {
      if (tab(id) === undefined) return;
      set({ activeId: id });
      ctx.persistTabs();
    },

    async closeTab(id) {
      const text = books.textSources.read(id);
      if (text !== undefined && text !== tab(id)?.text) get().edit(id, text);
      if (books.draftTimers.has(id)) await flushDraft(ctx, id);
      const tabs = get().tabs;
      const index = tabs.findIndex((t) => t.id === id);
      if (index < 0) return;
      const rest = tabs.filter((t) => t.id !== id);
      const activeId = get().activeId === id ? (rest[Math.min(index, rest.length - 1)]?.id ?? null) : get().activeId;
      books.forgetValidation(id);
      set({ tabs: rest, activeId });
      ctx.persistTabs();
    },

    touch(id) {
      const t = tab(id);
      if (t !== undefined && !t.dirty) patch(id, { dirty: true });
    },

    edit(id, text) {
      const t = tab(id);
      if (t === undefined || (text === t.text && t.dirty === (text !== t.savedText || t.fileMissing))) return;
      patch(id, { text, dirty: text !== t.savedText || t.fileMissing });
      scheduleDraft(ctx, id);
      validate(id);
    },

    async save(id, force = false) {
      const text = ctx.currentText(id);
      const t = tab(id);
      if (text === undefined || t === undefined || t.saving) return false;
      books.draftTimers.cancel(id);
      patch(id, { saving: true, saveError: null });
      const result = await getClient().call('testSets.save', { id, text, baseHash: t.baseHash, force });
      if (tab(id) === undefined) return false;
      if (!result.ok) {
        patch(id, { saving: false, saveError: result.error, conflict: result.error.code === 'conflict' });
        scheduleDraft(ctx, id);
        return false;
      }
      const latest = books.textSources.read(id) ?? tab(id)?.text ?? text;
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
      ctx.setDraftMark(id, null);
      ctx.putSummary(result.value.summary);
      if (latest !== text) {
        scheduleDraft(ctx, id);
        validate(id);
      }
      return true;
    },

    async discardDraft(id) {
      const t = tab(id);
      if (t === undefined) return;
      ctx.begin('discard');
      books.draftTimers.cancel(id);
      const result = await getClient().call('testSets.discardDraft', { id });
      if (!result.ok) {
        ctx.settleAction('discard', result.error);
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
      ctx.setDraftMark(id, null);
      ctx.settleAction('discard', null);
      validate(id);
    },

    jumpTo(id, line, column) {
      set({ activeId: id, jump: { id, line, column, nonce: books.nextJumpNonce() } });
    },

    dismissImportReport: (id) => patch(id, { importReport: null }),
  };
}
