import { createHash, type Hash } from 'node:crypto';
import fs from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import fsp from 'node:fs/promises';

/**
 * A file on disk together with the SHA-256 and first bytes of its content, kept in step as it
 * grows. The hash of a resumed download must cover the bytes already on disk; keeping it in
 * memory avoids re-reading the whole file after each dropped connection, and `sync` re-reads
 * only when the disk and memory disagree (a new process, or a write that failed half-way).
 */
export class HashedFile {
  private hash: Hash = createHash('sha256');
  private bytes = 0;
  private head = Buffer.alloc(0);
  private handle: FileHandle | undefined;

  constructor(
    /** Absolute path of the file. */
    readonly path: string,
  ) {}

  /** Bytes on disk (as of the last `sync`, plus what was appended since). */
  get size(): number {
    return this.bytes;
  }

  /** Up to the first four bytes, enough to check a magic number. */
  get firstBytes(): Buffer {
    return this.head;
  }

  /** Makes the in-memory hash match the file on disk, re-reading it if needed; a missing file counts as empty. */
  async sync(signal: AbortSignal): Promise<number> {
    await this.close();
    const onDisk = await fsp.stat(this.path).then(
      (s) => s.size,
      (error: unknown) => {
        if (isNotFound(error)) return 0;
        throw error;
      },
    );
    if (onDisk === this.bytes) return onDisk;
    this.clear();
    if (onDisk === 0) return 0;
    for await (const chunk of fs.createReadStream(this.path, { signal })) {
      this.track(chunk as Buffer);
    }
    return this.bytes;
  }

  /** Empties the file (creating it if needed) and forgets its hash, to start over from byte zero. */
  async truncate(): Promise<void> {
    await this.close();
    await fsp.writeFile(this.path, new Uint8Array(0));
    this.clear();
  }

  /** Appends bytes and folds them into the hash. */
  async append(chunk: Uint8Array): Promise<void> {
    this.handle ??= await fsp.open(this.path, 'a');
    await this.handle.write(chunk);
    this.track(chunk);
  }

  /** Closes the file; with `durable`, flushes it to disk first so that a rename after it is safe. */
  async close(durable = false): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    if (handle === undefined) return;
    try {
      if (durable) await handle.datasync();
    } finally {
      await handle.close();
    }
  }

  /** Closes and deletes the file; missing is fine. */
  async remove(): Promise<void> {
    await this.close().catch(() => undefined);
    await fsp.rm(this.path, { force: true });
    this.clear();
  }

  /** SHA-256 of the content so far, lower-case hex; the running hash stays usable. */
  sha256(): string {
    return this.hash.copy().digest('hex');
  }

  private track(chunk: Uint8Array): void {
    this.hash.update(chunk);
    this.bytes += chunk.byteLength;
    if (this.head.length < 4) this.head = Buffer.concat([this.head, chunk.subarray(0, 4 - this.head.length)]);
  }

  private clear(): void {
    this.hash = createHash('sha256');
    this.bytes = 0;
    this.head = Buffer.alloc(0);
  }
}

function isNotFound(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}
