import { create } from 'zustand';
import type { ApiError } from '../../../shared/result';
import { getClient } from '../api/client';
import { idle, settle, type Resource } from './resource';

interface ApiKeysState extends Resource<string[]> {
  /** The last add or remove: pending, or what went wrong (no keychain, a bad name). */
  action: { status: 'idle' | 'pending' | 'done' | 'error'; error: ApiError | null };
  /** Loads the names of the stored keys (never the keys). */
  load: () => Promise<void>;
  /** Stores a key under a name (replacing one of that name); true when it was stored. */
  add: (name: string, key: string) => Promise<boolean>;
  remove: (name: string) => Promise<void>;
}

/** Names of the API keys the desktop app keeps in the system keychain, for remote endpoints. */
export const useApiKeysStore = create<ApiKeysState>()((set, get) => ({
  ...idle<string[]>(),
  action: { status: 'idle', error: null },
  async load() {
    set({ status: 'loading' });
    const result = await getClient().call('apiKeys.list', {});
    set(settle(get(), result));
  },
  async add(name, key) {
    set({ action: { status: 'pending', error: null } });
    const result = await getClient().call('apiKeys.set', { name, key });
    set({ action: result.ok ? { status: 'done', error: null } : { status: 'error', error: result.error } });
    if (result.ok) await get().load();
    return result.ok;
  },
  async remove(name) {
    set({ action: { status: 'pending', error: null } });
    const result = await getClient().call('apiKeys.remove', { name });
    set({ action: result.ok ? { status: 'done', error: null } : { status: 'error', error: result.error } });
    await get().load();
  },
}));
