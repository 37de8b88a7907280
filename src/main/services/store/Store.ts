import fs from 'node:fs';
import path from 'node:path';
import Database from 'libsql';
import { migrations as defaultMigrations, type Migration } from './migrations';
import { describeStoreError, sqliteMessage } from './describeStoreError';
import { existingStoreFile, isDamage, quickCheckStore } from './checkStoreFile';
import { StoreDamagedError } from './StoreDamagedError';
import { StoreWriteError } from './StoreWriteError';

/** The one SQLite database behind the workbench. Opening it applies every pending migration. */
export class Store {
  readonly db: Database.Database;
  readonly file: string;
  private closed = false;

  private constructor(file: string, db: Database.Database) {
    this.file = file;
    this.db = db;
  }

  /**
   * Opens the store, creating it when there is no file. An existing file is checked first
   * (SQLite's quick_check): a damaged or empty one is refused with a StoreDamagedError rather
   * than written to, or silently started over as a new, empty history. `check: false` skips the
   * quick_check, for a second process opening a store its host has just checked.
   */
  static open(file: string, migrations: readonly Migration[] = defaultMigrations, options: { check?: boolean } = {}): Store {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const existed = existingStoreFile(file);
    let db: Database.Database;
    try {
      db = new Database(file);
    } catch (error) {
      throw existed && isDamage(error) ? new StoreDamagedError(file, sqliteMessage(error)) : error;
    }
    const store = new Store(file, db);
    try {
      // First, so that another process's lock is waited for rather than taken for damage.
      db.exec('PRAGMA busy_timeout = 5000;');
      if (existed && options.check !== false) quickCheckStore(db, file);
      db.exec('PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;');
      store.migrate(migrations);
    } catch (error) {
      db.close();
      throw error;
    }
    return store;
  }

  get schemaVersion(): number {
    const row = this.db.prepare('PRAGMA user_version').get() as { user_version: number };
    return row.user_version;
  }

  private migrate(migrations: readonly Migration[]): void {
    const current = this.schemaVersion;
    const newest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
    if (current > newest) {
      throw new Error(
        `The store at ${this.file} was written by a newer Evalbench (schema ${current}, this one knows ${newest}); update Evalbench or point EVALBENCH_HOME elsewhere.`,
      );
    }
    const pending = [...migrations].filter((m) => m.version > current).sort((a, b) => a.version - b.version);
    for (const migration of pending) {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        this.db.exec(migration.sql);
        this.db.exec(`PRAGMA user_version = ${migration.version}`);
        this.db.exec('COMMIT');
      } catch (error) {
        // SQLite may have rolled back already (a full disk, an I/O error): that must not hide the cause.
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw new Error(
          `Store migration ${migration.version} (${migration.description}) failed in ${this.file}: ${describeStoreError(error)}`,
          {
            cause: error,
          },
        );
      }
    }
  }

  /**
   * Runs `fn` in one transaction. On failure it is rolled back (unless SQLite already did so, as
   * on a full disk) and rethrown as a StoreWriteError saying what could not be saved, where, and why.
   * Inside another write it joins that one's transaction, and that one reports a failure.
   */
  write<T>(what: string, fn: () => T): T {
    if (this.inTransaction()) return fn();
    try {
      this.db.exec('BEGIN IMMEDIATE');
      const value = fn();
      this.db.exec('COMMIT');
      return value;
    } catch (error) {
      if (this.inTransaction()) {
        try {
          this.db.exec('ROLLBACK');
        } catch (rollback) {
          throw new StoreWriteError(this.file, what, error, rollback);
        }
      }
      throw new StoreWriteError(this.file, what, error);
    }
  }

  /** A method, not the property: it changes under `fn`, which the compiler cannot see. */
  private inTransaction(): boolean {
    return this.db.inTransaction;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }
}
