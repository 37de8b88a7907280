import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from './migrations';
import { Store } from './Store';
import { StoreDamagedError } from './StoreDamagedError';

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
      {
        version: 60,
        description: 'fill',
        sql: 'PRAGMA max_page_count = 1; CREATE TABLE big (x BLOB); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO big SELECT randomblob(500) FROM n;',
      },
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
    const rolledBack = [
      ...migrations,
      { version: 70, description: 'rolled back', sql: 'CREATE TABLE t (x INTEGER); ROLLBACK; THIS IS NOT SQL;' },
    ];
    expect(() => Store.open(file, rolledBack)).toThrow(/migration 70 \(rolled back\) failed in .*: .*syntax error/);
    expect(() => Store.open(file, rolledBack)).not.toThrow(/cannot rollback/);
  });

  it('refuses a 0-byte store instead of starting a new, empty history over it', () => {
    const file = tempFile();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '');
    expect(() => Store.open(file)).toThrow(StoreDamagedError);
    expect(() => Store.open(file)).toThrow(`The store ${file} is damaged: it is empty (0 bytes)`);
    expect(fs.statSync(file).size).toBe(0);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['evalbench.db']);
  });

  it('refuses a store with garbage inside, naming the file and the way to repair it, and writes nothing', () => {
    const file = tempFile();
    const store = Store.open(file);
    const insert = store.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
    for (let i = 0; i < 400; i++) insert.run(`key-${i}`, JSON.stringify('v'.repeat(200)));
    store.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    store.close();
    const bytes = fs.readFileSync(file);
    expect(bytes.length).toBeGreaterThan(40_000);
    // 8 KiB of garbage in the middle of the file, as in the report.
    const garbage = Buffer.alloc(8192, 0xa5);
    garbage.copy(bytes, 4096 * 4);
    fs.writeFileSync(file, bytes);
    let error: unknown;
    try {
      Store.open(file);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(StoreDamagedError);
    expect((error as Error).message).toContain(file);
    const hint = (error as StoreDamagedError).hint ?? '';
    expect(hint).toContain(`cp "${file}" "${file}.damaged"`);
    expect(hint).toContain(`sqlite3 "${file}" .recover | sqlite3 "${file}.recovered"`);
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
    // SQLite's read of a WAL-mode file may leave its side files, but no page was written.
    expect(fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0).toBe(0);
  });
});
