import fs from 'node:fs';
import type Database from 'libsql';
import { sqliteMessage } from './describeStoreError';
import { StoreDamagedError } from './StoreDamagedError';

/**
 * Whether the store file exists (and so holds a history to keep). A 0-byte file is refused: it
 * is not a store Evalbench made (SQLite writes its header when it creates one), so it was cut
 * short or overwritten, and starting a new history over it would hide that.
 */
export function existingStoreFile(file: string): boolean {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  if (!stat.isFile()) throw new StoreDamagedError(file, 'it is not a regular file', false);
  if (stat.size === 0) throw new StoreDamagedError(file, 'it is empty (0 bytes), so its history is gone or was never written', false);
  return true;
}

/** Whether SQLite failed because the file is not a sound database (rather than busy, locked or unreadable). */
export function isDamage(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
}

/** SQLite's quick_check of an existing store: a StoreDamagedError naming the file and what was found. */
export function quickCheckStore(db: Database.Database, file: string): void {
  let findings: string[];
  try {
    findings = (db.prepare('PRAGMA quick_check(5)').all() as { quick_check: string }[]).map((r) => r.quick_check);
  } catch (error) {
    if (isDamage(error)) throw new StoreDamagedError(file, sqliteMessage(error));
    throw error;
  }
  if (findings.length !== 1 || findings[0] !== 'ok') throw new StoreDamagedError(file, `SQLite's quick_check found ${findings.join('; ')}`);
}
