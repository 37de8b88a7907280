import crypto from 'node:crypto';
import { openRegularFile } from '../gguf/openRegularFile';

/** A read that brings nothing for this long means the disk (or network mount) hangs: give up. */
const STALL_MS = 60_000;

/**
 * SHA-256 over the files in order (a split model hashes as its concatenation), streamed so a
 * 70 GB model never sits in memory, reporting the fraction done. Only regular files are hashed,
 * and only the bytes their size said when opened (a link to /dev/zero never ends); `signal`
 * stops it between reads, and a read that stalls for a minute fails it.
 */
export async function hashFiles(
  files: readonly string[],
  options: { signal?: AbortSignal; onProgress?: (fraction: number) => void; stallMs?: number } = {},
): Promise<string> {
  const opened: Awaited<ReturnType<typeof openRegularFile>>[] = [];
  try {
    for (const file of files) opened.push(await openRegularFile(file));
    const total = opened.reduce((a, b) => a + b.size, 0);
    const hash = crypto.createHash('sha256');
    let done = 0;
    let reported = -1;
    for (const { handle, size } of opened) {
      if (size === 0) continue;
      // A stream made with an already-aborted signal emits its AbortError before anyone listens,
      // an uncaught exception: check first, and abort a running read through our own listener.
      options.signal?.throwIfAborted();
      const stream = handle.createReadStream({ start: 0, end: size - 1, highWaterMark: 4 * 1024 * 1024, autoClose: false });
      const onAbort = (): void => {
        stream.destroy(new DOMException('The operation was aborted', 'AbortError'));
      };
      options.signal?.addEventListener('abort', onAbort, { once: true });
      const stall = options.stallMs ?? STALL_MS;
      const timer = setTimeout(() => stream.destroy(new Error(`no data for ${stall / 1000} s; the disk seems to hang`)), stall);
      try {
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          timer.refresh();
          hash.update(chunk);
          done += chunk.length;
          const fraction = total === 0 ? 1 : done / total;
          if (fraction - reported >= 0.01) {
            reported = fraction;
            options.onProgress?.(fraction);
          }
        }
      } finally {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
      }
    }
    options.onProgress?.(1);
    return hash.digest('hex');
  } finally {
    await Promise.all(opened.map((o) => o.handle.close()));
  }
}
