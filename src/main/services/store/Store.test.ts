import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from './migrations';
import { Store } from './Store';

const dirs: string[] = [];
function tempFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-store-'));
  dirs.push(dir);
  return path.join(dir, 'nested', 'evalbench.db');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('Store', () => {
  it('creates the folder and applies every migration on first open', () => {
    const store = Store.open(tempFile());
    const newest = Math.max(...migrations.map((m) => m.version));
    expect(store.schemaVersion).toBe(newest);
    const tables = store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['settings', 'test_sets', 'models', 'runs']));
    store.close();
  });

  it('keeps data and applies only new migrations on reopen', () => {
    const file = tempFile();
    const first = Store.open(file);
    first.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('theme', '"dark"');
    first.close();
    const extra = [...migrations, { version: 99, description: 'add a table', sql: 'CREATE TABLE extra (x INTEGER);' }];
    const second = Store.open(file, extra);
    expect(second.schemaVersion).toBe(99);
    expect(second.db.prepare('SELECT value FROM settings WHERE key = ?').get('theme')).toMatchObject({ value: '"dark"' });
    second.close();
  });

  it('rolls back a failing migration and names it', () => {
    const file = tempFile();
    Store.open(file).close();
    const broken = [...migrations, { version: 50, description: 'broken step', sql: 'CREATE TABLE half (x INTEGER); THIS IS NOT SQL;' }];
    expect(() => Store.open(file, broken)).toThrow(/migration 50 \(broken step\)/);
    const reopened = Store.open(file);
    expect(reopened.schemaVersion).toBe(Math.max(...migrations.map((m) => m.version)));
    expect(reopened.db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
    reopened.close();
  });

  it('refuses a store written by a newer version instead of corrupting it', () => {
    const file = tempFile();
    const store = Store.open(file);
    store.db.exec('PRAGMA user_version = 1000');
    store.close();
    expect(() => Store.open(file)).toThrow(/newer Evalbench/);
  });
});
