import type { TestSetExample, TestSetSummary } from '../../../../shared/api';
import { getClient } from '../../api/client';
import { resourceLoader } from '../actions';
import { idle, settle } from '../resource';
import { flushAllDrafts } from './draftAutosave';
import { restoreTabs } from './savedTabs';
import type { LibrarySlice, TestSetsContext } from './types';

export function createLibrarySlice(ctx: TestSetsContext): LibrarySlice {
  const { set, get } = ctx;
  const flushOnHide = (): void => flushAllDrafts(ctx);

  async function loadDrafts(): Promise<void> {
    const result = await getClient().call('testSets.drafts', {});
    if (result.ok) set({ drafts: Object.fromEntries(result.value.map((d) => [d.id, d.savedAt])) });
  }

  return {
    ...idle<TestSetSummary[]>(),
    examples: idle<TestSetExample[]>(),
    drafts: {},
    notice: null,

    load: resourceLoader(set, get, () => getClient().call('testSets.list', {})),

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
      void restoreTabs(ctx);
      const stopReconnect = client.onReconnect(loadAll);
      window.addEventListener('pagehide', flushOnHide);
      return () => {
        stopChanged();
        stopReconnect();
        window.removeEventListener('pagehide', flushOnHide);
        flushOnHide();
      };
    },

    async loadExamples() {
      if (get().examples.status === 'ready') return;
      set({ examples: { ...get().examples, status: 'loading' } });
      const result = await getClient().call('testSets.examples', {});
      set({ examples: settle(get().examples, result) });
    },

    dismissNotice: () => set({ notice: null }),
  };
}
