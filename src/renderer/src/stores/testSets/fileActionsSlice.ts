import { getClient } from '../../api/client';
import { idleAction, type ActionState } from '../actions';
import { tabFromDocument } from './openTestSet';
import type { FileActionsSlice, TestSetActionName, TestSetsContext } from './types';
import { validateTab } from './validationQueue';

function idleActions(): Record<TestSetActionName, ActionState<null>> {
  const a = idleAction<null>();
  return { open: a, create: a, rename: a, duplicate: a, remove: a, import: a, export: a, discard: a };
}

export function createFileActionsSlice(ctx: TestSetsContext): FileActionsSlice {
  const { set, get, tab, patch, begin, settleAction } = ctx;

  return {
    actions: idleActions(),

    async create(input) {
      begin('create');
      const result = await getClient().call('testSets.create', input);
      if (!result.ok) {
        settleAction('create', result.error);
        return false;
      }
      ctx.putSummary(result.value.summary);
      ctx.addTab(tabFromDocument(result.value));
      settleAction('create', null);
      return true;
    },

    async rename(id, name) {
      const text = ctx.currentText(id);
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
      ctx.setDraftMark(id, document.draft?.savedAt ?? null);
      ctx.putSummary(document.summary);
      ctx.persistTabs();
      settleAction('rename', null);
      void validateTab(ctx, id);
      return true;
    },

    async duplicate(id, name) {
      const text = ctx.currentText(id);
      if (text === undefined) return false;
      begin('duplicate');
      const result = await getClient().call('testSets.duplicate', { id, name, text });
      if (!result.ok) {
        settleAction('duplicate', result.error);
        return false;
      }
      ctx.putSummary(result.value.summary);
      ctx.addTab(tabFromDocument(result.value));
      settleAction('duplicate', null);
      return true;
    },

    async remove(id) {
      const summary = tab(id)?.summary ?? get().data?.find((t) => t.id === id);
      begin('remove');
      ctx.books.draftTimers.cancel(id);
      const result = await getClient().call('testSets.delete', { id });
      if (!result.ok) {
        settleAction('remove', result.error);
        return false;
      }
      const name = summary?.name ?? 'The test set';
      const where = result.value.trashedTo;
      set({
        notice:
          where === null
            ? `Removed “${name}” from the library; its file stays at ${summary?.path ?? 'its place'}.`
            : `Deleted “${name}”; its file was moved to ${where}.`,
        data: get().data?.filter((t) => t.id !== id) ?? null,
      });
      ctx.setDraftMark(id, null);
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
      ctx.putSummary(document.summary);
      ctx.addTab({ ...tabFromDocument(document), importReport: { fileName: input.fileName, unmapped, errors } });
      settleAction('import', null);
      return true;
    },

    async exportCsv(id) {
      const text = ctx.currentText(id);
      if (text === undefined) return null;
      begin('export');
      const result = await getClient().call('testSets.exportCsv', { id, text });
      settleAction('export', result.ok ? null : result.error);
      if (!result.ok) return null;
      if (result.value.lost.length > 0)
        set({ notice: `${result.value.fileName} holds the cases; CSV has no room for: ${result.value.lost.join(', ')}.` });
      return result.value;
    },

    resetAction: (name) => set({ actions: { ...get().actions, [name]: idleAction() } }),
  };
}
