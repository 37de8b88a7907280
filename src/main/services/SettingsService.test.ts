import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventMessage } from '../../shared/bridge';
import { EventBus } from './EventBus';
import { SettingsService } from './SettingsService';
import { Store } from './store/Store';
import { StoreWriteError } from './store/StoreWriteError';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
function openStore(file?: string): Store {
  if (file !== undefined) return Store.open(file);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-settings-'));
  dirs.push(dir);
  return Store.open(path.join(dir, 'db.sqlite'));
}

describe('SettingsService', () => {
  it('starts from defaults, persists updates and announces them with increasing seq', () => {
    const store = openStore();
    const bus = new EventBus();
    const seen: EventMessage[] = [];
    bus.listen((m) => seen.push(m));
    const settings = new SettingsService(store, bus);
    expect(settings.get()).toEqual({ theme: 'system' });
    settings.update({ theme: 'dark' });
    settings.update({ theme: 'light' });
    expect(seen.map((m) => [m.event, m.seq, m.payload])).toEqual([
      ['settings.changed', 1, { theme: 'dark' }],
      ['settings.changed', 2, { theme: 'light' }],
    ]);
    const file = store.file;
    store.close();
    const reopened = openStore(file);
    expect(new SettingsService(reopened, new EventBus()).get()).toEqual({ theme: 'light' });
    reopened.close();
  });

  it('falls back to the default for a value it cannot understand', () => {
    const store = openStore();
    store.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('theme', '"sepia"');
    expect(new SettingsService(store, new EventBus()).get()).toEqual({ theme: 'system' });
    store.close();
  });

  it('says the disk is full, and where, when a change cannot be saved, and keeps the settings as they were', () => {
    const store = openStore();
    const settings = new SettingsService(store, new EventBus());
    settings.update({ theme: 'dark' });
    const { page_count: pages } = store.db.prepare('PRAGMA page_count').get() as { page_count: number };
    store.db.exec(`PRAGMA max_page_count = ${pages}`);
    let failure: unknown;
    try {
      settings.update({ theme: 'light', judgeTemplate: 'x'.repeat(200_000) });
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(StoreWriteError);
    expect((failure as Error).message).toBe(
      `Could not save the settings to the store ${store.file}: the disk is full (database or disk is full).`,
    );
    expect(settings.get().theme).toBe('dark');
    store.close();
  });
});
