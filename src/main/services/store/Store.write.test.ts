import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RunCase, RunSpec } from '../../../shared/runs';
import { RunStore } from '../runs/RunStore';
import { TelemetryStore } from '../telemetry/TelemetryStore';
import { Store } from './Store';
import { StoreWriteError } from './StoreWriteError';

const dirs: string[] = [];
function openStore(): { store: Store; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-write-'));
  dirs.push(dir);
  const file = path.join(dir, 'evalbench.db');
  return { store: Store.open(file), file };
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** SQLite can grow the file no further from here on: it fails as on a full disk (SQLITE_FULL). */
function fillDisk(store: Store): void {
  const { page_count: pages } = store.db.prepare('PRAGMA page_count').get() as { page_count: number };
  store.db.exec(`PRAGMA max_page_count = ${pages}`);
}

describe('Store.write', () => {
  it('lands every write of the function or none, and says what, where and why', () => {
    const { store, file } = openStore();
    const insert = store.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
    let failure: unknown;
    try {
      store.write('two settings', () => {
        insert.run('a', '"1"');
        insert.run('a', '"2"');
      });
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(StoreWriteError);
    expect((failure as Error).message).toMatch(
      new RegExp(`^Could not save two settings to the store ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: UNIQUE`),
    );
    expect(store.db.prepare("SELECT COUNT(*) AS n FROM settings WHERE key = 'a'").get()).toMatchObject({ n: 0 });
    expect(store.db.inTransaction).toBe(false);
    store.close();
  });

  it('joins the transaction of an enclosing write, so a failure later in it undoes the inner one too', () => {
    const { store } = openStore();
    const insert = store.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
    expect(() =>
      store.write('outer', () => {
        store.write('inner', () => insert.run('inner', '"1"'));
        throw new Error('later step failed');
      }),
    ).toThrow(/Could not save outer .*: later step failed/);
    expect(store.db.prepare("SELECT COUNT(*) AS n FROM settings WHERE key = 'inner'").get()).toMatchObject({ n: 0 });
    store.close();
  });

  it('says the disk is full, and where, when a run\u2019s telemetry cannot be written', () => {
    const { store, file } = openStore();
    const runs = new RunStore(store);
    const id = runs.create(
      RunSpec.parse({ name: 'r', models: [{ modelId: 'm' }] }),
      [RunCase.parse({ id: 'c', input: { kind: 'completion', prompt: 'p' } })],
      {},
    );
    const telemetry = new TelemetryStore(store);
    // Fill the last free page first, so the next row needs a new one.
    for (let i = 0; i < 200; i++) telemetry.addMarker(id, 0, { tMs: i, kind: 'case-start', label: 'x'.repeat(500) });
    fillDisk(store);
    const attempts: (() => void)[] = [
      () => {
        for (let i = 0; i < 50; i++) telemetry.addMarker(id, 0, { tMs: i, kind: 'case-end', label: 'y'.repeat(2000) });
      },
      () => {
        for (let i = 0; i < 50; i++)
          telemetry.addSample(id, 0, {
            tMs: i,
            ramUsedBytes: 1,
            ramTotalBytes: 2,
            cpuPercent: 3,
            workers: [{ pid: i, rssBytes: 4, cpuPercent: null }],
            gpus: [{ name: 'z'.repeat(2000), utilizationPercent: null, vramUsedBytes: 0, vramTotalBytes: 0 }],
          });
      },
    ];
    for (const attempt of attempts) {
      let failure: unknown;
      try {
        attempt();
      } catch (error) {
        failure = error;
      }
      expect(failure).toBeInstanceOf(StoreWriteError);
      expect((failure as Error).message).toContain(`to the store ${file}: the disk is full`);
      expect((failure as StoreWriteError).hint).toMatch(/Free some space/);
    }
    store.close();
  });
});
