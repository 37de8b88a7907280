import fs from 'node:fs';

/**
 * Writes a file so that a reader (or a crash) never sees it half written: into a temporary file
 * beside it, then renamed over it. `mode` sets the new file's permissions (e.g. 0o600 for secrets).
 */
export function writeFileAtomically(file: string, data: string | Buffer, mode?: number): void {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, data, mode === undefined ? undefined : { mode });
  fs.renameSync(temporary, file);
}
