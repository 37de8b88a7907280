import crypto from 'node:crypto';
import fs from 'node:fs';

/**
 * SHA-256 over the files in order (a split model hashes as its concatenation), streamed so a
 * 70 GB model never sits in memory, reporting the fraction done.
 */
export async function hashFiles(files: readonly string[], options: { signal?: AbortSignal; onProgress?: (fraction: number) => void } = {}): Promise<string> {
  const sizes = await Promise.all(files.map(async (f) => (await fs.promises.stat(f)).size));
  const total = sizes.reduce((a, b) => a + b, 0);
  const hash = crypto.createHash('sha256');
  let done = 0;
  let reported = -1;
  for (const file of files) {
    const stream = fs.createReadStream(file, { highWaterMark: 4 * 1024 * 1024, ...(options.signal ? { signal: options.signal } : {}) });
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      hash.update(chunk);
      done += chunk.length;
      const fraction = total === 0 ? 1 : done / total;
      if (fraction - reported >= 0.01) {
        reported = fraction;
        options.onProgress?.(fraction);
      }
    }
  }
  options.onProgress?.(1);
  return hash.digest('hex');
}
