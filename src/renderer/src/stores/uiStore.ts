import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import { PAGE_IDS, type PageId } from '../pages/pageIds';

interface UiState {
  page: PageId;
  goTo: (page: PageId) => void;
}

/** View state only; the page is remembered across restarts (a UI preference, so it may persist here). */
export const useUiStore = create<UiState>()(
  persist(
    (set) => ({
      page: 'test-sets',
      goTo: (page) => set({ page }),
    }),
    {
      name: 'evalbench.ui',
      version: 1,
      merge: (persisted, current) => {
        const page = (persisted as Partial<UiState> | undefined)?.page;
        return { ...current, page: page !== undefined && PAGE_IDS.includes(page) ? page : current.page };
      },
    },
  ),
);

export const useCurrentPage = (): PageId => useUiStore((s) => s.page);
