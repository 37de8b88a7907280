import { createHash, randomBytes } from 'node:crypto';

/** A GGUF-looking test file: the magic, then random bytes (a model loader would reject it; the downloader must not care). */
export function makeFakeGguf(size: number): { bytes: Buffer; sha256: string } {
  const bytes = Buffer.concat([Buffer.from('GGUF', 'latin1'), randomBytes(size - 4)]);
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}
