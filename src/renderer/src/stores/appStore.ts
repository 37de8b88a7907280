import { create } from 'zustand';
import type { AppInfo, Settings } from '../../../shared/api';
import { getClient } from '../api/client';
import { idle, settle, type Resource } from './resource';

interface AppState {
  info: Resource<AppInfo>;
  settings: Resource<Settings>;
  /** Loads app info and settings, and keeps settings fresh from main's events. */
  start: () => () => void;
  updateSettings: (patch: Partial<Settings>) => Promise<void>;
}

export const useAppStore = create<AppState>()((set, get) => {
  // Bumped by every settings change this tab makes or hears of: a `settings.get` answer that
  // arrives after one is older than what the tab shows, and must not undo a choice just made.
  let settingsEpoch = 0;
  return {
    info: idle<AppInfo>(),
    settings: idle<Settings>(),
    start() {
      const client = getClient();
      const load = (): void => {
        set({
          info: { ...get().info, status: 'loading' },
          settings: { ...get().settings, status: 'loading' },
        });
        void client.call('app.info', {}).then((result) => set({ info: settle(get().info, result) }));
        const asked = settingsEpoch;
        void client.call('settings.get', {}).then((result) => {
          if (asked === settingsEpoch) set({ settings: settle(get().settings, result) });
          else if (get().settings.status === 'loading') set({ settings: { ...get().settings, status: 'ready' } });
        });
      };
      load();
      const stopEvents = client.on('settings.changed', (settings) => {
        settingsEpoch += 1;
        set({ settings: { data: settings, status: 'ready', error: null } });
      });
      // Changes made while the connection was down were never pushed: ask again.
      const stopReconnect = client.onReconnect(load);
      return () => {
        stopEvents();
        stopReconnect();
      };
    },
    async updateSettings(patch) {
      settingsEpoch += 1;
      const result = await getClient().call('settings.update', patch);
      set({ settings: settle(get().settings, result) });
    },
  };
});

export const useAppInfo = (): Resource<AppInfo> => useAppStore((s) => s.info);
export const useSettings = (): Resource<Settings> => useAppStore((s) => s.settings);
