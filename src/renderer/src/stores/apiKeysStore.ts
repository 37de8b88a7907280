import { create } from 'zustand';
import { getClient } from '../api/client';
import { doneAction, failedAction, idleAction, pendingAction, resourceLoader, type ActionState } from './actions';
import { idle, type Resource } from './resource';

interface ApiKeysState extends Resource<string[]> {
  /** The last add or remove: pending, or what went wrong (no keychain, a bad name). */
  action: ActionState<null>;
  /** Loads the names of the stored keys (never the keys). */
  load: () => Promise<void>;
  /** Stores a key under a name (replacing one of that name); true when it was stored. */
  add: (name: string, key: string) => Promise<boolean>;
  remove: (name: string) => Promise<void>;
}

/** Names of the API keys the desktop app keeps in the system keychain, for remote endpoints. */
export const useApiKeysStore = create<ApiKeysState>()((set, get) => ({
  ...idle<string[]>(),
  action: idleAction(),
  load: resourceLoader(set, get, () => getClient().call('apiKeys.list', {})),
  async add(name, key) {
    set({ action: pendingAction(name) });
    const result = await getClient().call('apiKeys.set', { name, key });
    set({ action: result.ok ? doneAction(null, name) : failedAction(result.error, name) });
    if (result.ok) await get().load();
    return result.ok;
  },
  async remove(name) {
    set({ action: pendingAction(name) });
    const result = await getClient().call('apiKeys.remove', { name });
    set({ action: result.ok ? doneAction(null, name) : failedAction(result.error, name) });
    await get().load();
  },
}));
