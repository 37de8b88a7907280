import { create, type StoreApi, type UseBoundStore } from 'zustand';
import type { CallInput, CallName, CallOutput } from '../../../shared/api';
import { getClient } from '../api/client';
import { idle, settle, type Resource } from './resource';

type ListCall = Extract<CallName, 'testSets.list' | 'models.list' | 'runs.list'>;

export interface ListState<N extends ListCall> extends Resource<CallOutput<N>> {
  load: () => Promise<void>;
}

/** A store for one of main's lists (test sets, models, runs), loaded on demand. */
export function createListStore<N extends ListCall>(call: N): UseBoundStore<StoreApi<ListState<N>>> {
  return create<ListState<N>>()((set, get) => ({
    ...idle<CallOutput<N>>(),
    async load() {
      set({ status: 'loading' });
      const result = await getClient().call(call, {} as CallInput<N>);
      set(settle(get(), result));
    },
  }));
}
