import { UserFacingError } from '../../../shared/result';

/**
 * The store file cannot be trusted, so Evalbench refused to open it and wrote nothing to it.
 * The hint names only what exists: the file itself, a backup, the sqlite3 tool's `.recover`.
 */
export class StoreDamagedError extends UserFacingError {
  constructor(
    readonly file: string,
    /** What is wrong, e.g. "it is empty (0 bytes)" or SQLite's quick_check findings. */
    readonly problem: string,
    /** Whether there is anything in it to salvage (not for an empty file or a folder). */
    salvageable = true,
  ) {
    const q = JSON.stringify(file);
    const aside = `To start a new, empty history instead, move ${q} (and any ${JSON.stringify(`${file}-wal`)} beside it) elsewhere; Evalbench never starts over a file by itself.`;
    super(
      'unavailable',
      `The store ${file} is damaged: ${problem}. Evalbench has not opened it for writing and has not changed it.`,
      salvageable
        ? `Keep a copy first: cp ${q} ${JSON.stringify(`${file}.damaged`)} (with its -wal file, if there is one). Then restore the file from a backup, or salvage what can still be read with the sqlite3 command-line tool: sqlite3 ${q} .recover | sqlite3 ${JSON.stringify(`${file}.recovered`)}, and move ${JSON.stringify(`${file}.recovered`)} to ${q}. ${aside}`
        : `Restore it from a backup. ${aside}`,
    );
    this.name = 'StoreDamagedError';
  }
}
