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

  it('says the disk is full when a migration runs out of room, not that the rollback failed', () => {
    const file = tempFile();
    Store.open(file).close();
    // max_page_count 1 caps the file at its present size: SQLite then fails as on a full disk (SQLITE_FULL).
    const filling = [
      ...migrations,
      { version: 60, description: 'fill', sql: 'PRAGMA max_page_count = 1; CREATE TABLE big (x BLOB); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO big SELECT randomblob(500) FROM n;' },
    ];
    let message = '';
    try {
      Store.open(file, filling);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/migration 60 \(fill\) failed in .*evalbench\.db: the disk is full/);
    expect(message).not.toContain('cannot rollback');
    const reopened = Store.open(file);
    expect(reopened.schemaVersion).toBe(Math.max(...migrations.map((m) => m.version)));
    reopened.close();
  });

  it('reports the real error of a migration that SQLite already rolled back (as it does on a full disk)', () => {
    const file = tempFile();
    Store.open(file).close();
    // The migration's own ROLLBACK stands in for SQLite's automatic one; then the statement fails.
    const rolledBack = [...migrations, { version: 70, description: 'rolled back', sql: 'CREATE TABLE t (x INTEGER); ROLLBACK; THIS IS NOT SQL;' }];
    expect(() => Store.open(file, rolledBack)).toThrow(/migration 70 \(rolled back\) failed in .*: .*syntax error/);
    expect(() => Store.open(file, rolledBack)).not.toThrow(/cannot rollback/);
  });
});
