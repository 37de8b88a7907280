import fs from 'node:fs/promises';
import { testSetFormatOf } from '../../../shared/testset/parseTestSetText';
import { testSetTooLarge } from '../../../shared/testset/testSetLimits';
import { UserFacingError } from '../../../shared/result';

const CHUNK = 1024 * 1024;

/**
 * Reads a test set file (YAML, JSONL or CSV; CSV is held to the JSONL limit) after checking what
 * it is: a regular file (a FIFO or a device would block or never end), within the size limits
 * (a 200 MB YAML file ran the host out of heap). The size is checked with stat before a byte is
 * read, and no more than the limit is ever read, even if the file grows meanwhile. Throws a
 * `UserFacingError` naming the file; `null` when it does not exist and `missingOk` is set.
 */
export async function readTestSetText(file: string, displayName: string, missingOk: true): Promise<string | null>;
export async function readTestSetText(file: string, displayName?: string): Promise<string>;
export async function readTestSetText(file: string, displayName = file, missingOk = false): Promise<string | null> {
  let info: Awaited<ReturnType<typeof fs.stat>>;
  try {
    info = await fs.stat(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && missingOk) return null;
    if (code === 'ENOENT')
      throw new UserFacingError('not_found', `${displayName}: no such file.`, 'Check the path; test sets end in .yaml, .jsonl or .csv.');
    throw new UserFacingError('unavailable', `${displayName} could not be read: ${(error as Error).message}.`);
  }
  if (info.isDirectory())
    throw new UserFacingError(
      'invalid_input',
      `${displayName} is a folder, not a test set file.`,
      'Name a .yaml, .jsonl or .csv file inside it.',
    );
  if (!info.isFile())
    throw new UserFacingError(
      'invalid_input',
      `${displayName} is not a regular file (a pipe, socket or device), so it cannot be a test set.`,
      'Save the test set to a file and open that.',
    );
  const format = testSetFormatOf(file);
  const refusal = testSetTooLarge(displayName, format, { bytes: info.size });
  if (refusal !== null) throw new UserFacingError('invalid_input', refusal.message, refusal.hint);
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(file, 'r');
    const chunks: Buffer[] = [];
    let length = 0;
    for (;;) {
      const chunk = Buffer.alloc(CHUNK);
      const { bytesRead } = await handle.read(chunk, 0, CHUNK, length);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      length += bytesRead;
      // The file grew since stat: stop at the limit rather than read on.
      const grown = testSetTooLarge(displayName, format, { bytes: length });
      if (grown !== null) throw new UserFacingError('invalid_input', grown.message, grown.hint);
    }
    return Buffer.concat(chunks, length).toString('utf8');
  } catch (error) {
    if (error instanceof UserFacingError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && missingOk) return null;
    throw new UserFacingError('unavailable', `${displayName} could not be read: ${(error as Error).message}.`);
  } finally {
    await handle?.close();
  }
}
