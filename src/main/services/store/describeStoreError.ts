/** SQLite's own words for an error thrown by libsql, without the JS wrapper's prefix. */
export function sqliteMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function sqliteCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

/** Whether an error means the disk (or the process's file-size limit) had no room for a write. */
export function isDiskFull(error: unknown): boolean {
  const code = sqliteCode(error);
  return (
    code === 'SQLITE_FULL' ||
    code === 'ENOSPC' ||
    code === 'EFBIG' ||
    /database or disk is full|no space left on device/i.test(sqliteMessage(error))
  );
}

/**
 * What went wrong with a store write in words a user can act on: a full disk says so, an I/O
 * error names itself, a damaged file says it is damaged. SQLite's own message stays in brackets.
 */
export function describeStoreError(error: unknown): string {
  const code = sqliteCode(error);
  const message = sqliteMessage(error);
  if (isDiskFull(error)) return `the disk is full (${message})`;
  if (code.startsWith('SQLITE_IOERR') || /disk I\/O error/i.test(message)) {
    return `a disk I/O error (${code || message}): the disk may be full, past this process's file-size limit (ulimit -f), or failing`;
  }
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return `the store is damaged (${message})`;
  return message;
}
