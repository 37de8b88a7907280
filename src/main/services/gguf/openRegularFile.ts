import fs from 'node:fs/promises';
import path from 'node:path';

/** Thrown when a path is not a regular file (links followed): a FIFO, a device, a socket, a folder. */
export class NotRegularFileError extends Error {
  constructor(readonly filePath: string) {
    super(`${path.basename(filePath)} is not a regular file (a pipe, device or socket, or a link to one)`);
  }
}

/**
 * Opens a file for reading only if it is a regular file, and returns it with its size. Opened
 * non-blocking: a FIFO opened plainly blocks one of libuv's four pool threads until a writer
 * comes (four such calls stall every file operation of the process, and keep it from exiting);
 * with O_NONBLOCK the open returns at once, and fstat tells what was opened. Reading a regular
 * file is unaffected by the flag.
 */
export async function openRegularFile(filePath: string): Promise<{ handle: fs.FileHandle; size: number }> {
  // Windows has no O_NONBLOCK (undefined, which `|` reads as 0) and no FIFOs to fear.
  const { O_RDONLY, O_NONBLOCK } = fs.constants;
  const handle = await fs.open(filePath, O_RDONLY | O_NONBLOCK);
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new NotRegularFileError(filePath);
    return { handle, size: info.size };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Rejects with `message` if `work` has not settled within `ms` (the work itself is left to finish or fail). */
export function withDeadline<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
