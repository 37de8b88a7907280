import { Settings } from '../../shared/api';
import type { EventBus } from './EventBus';
import type { HandlerSlice } from './router';
import { DEFAULT_JUDGE_TEMPLATE } from './scoring/judge/judgePrompt';
import type { Store } from './store/Store';

const DEFAULTS: Settings = { theme: 'system', judgeTemplate: DEFAULT_JUDGE_TEMPLATE };

/** Application-wide settings, one row per key, JSON-encoded. */
export class SettingsService {
  constructor(
    private readonly store: Store,
    private readonly bus: EventBus,
  ) {}

  /** The calls this service answers, for the router. */
  handlers(): HandlerSlice<'settings.get' | 'settings.update'> {
    return {
      'settings.get': () => this.get(),
      'settings.update': (patch) => this.update(patch),
    };
  }

  get(): Settings {
    const rows = this.store.db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
    const stored: Record<string, unknown> = {};
    for (const row of rows) stored[row.key] = JSON.parse(row.value) as unknown;
    // A value written by a newer version, or edited by hand, must not break the app: fall back per key.
    const merged: Record<string, unknown> = { ...DEFAULTS };
    for (const key of Object.keys(DEFAULTS) as (keyof Settings)[]) {
      const candidate = Settings.shape[key].safeParse(stored[key]);
      if (candidate.success) merged[key] = candidate.data;
    }
    return Settings.parse(merged);
  }

  update(patch: { [K in keyof Settings]?: Settings[K] | undefined }): Settings {
    const upsert = this.store.db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    );
    this.store.write('the settings', () => {
      for (const [key, value] of Object.entries(patch)) {
        if (value !== undefined) upsert.run(key, JSON.stringify(value));
      }
    });
    const settings = this.get();
    this.bus.emit('settings.changed', settings);
    return settings;
  }
}
