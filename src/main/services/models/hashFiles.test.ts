import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hashFiles } from './hashFiles';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('hashFiles cancelled', () => {
  it('rejects with an AbortError when its signal was aborted before it started, and raises nothing uncaught', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-hash-'));
    dirs.push(dir);
    const file = path.join(dir, 'model.gguf');
    fs.writeFileSync(file, Buffer.alloc(64 * 1024, 7));
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown): void => void uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      const controller = new AbortController();
      controller.abort();
      await expect(hashFiles([file], { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
      // A stream made with an aborted signal emitted its error on a later tick, with nobody listening.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });

  it('stops a read in progress when its signal fires', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-hash-'));
    dirs.push(dir);
    const file = path.join(dir, 'big.gguf');
    fs.writeFileSync(file, Buffer.alloc(32 * 1024 * 1024, 1));
    const controller = new AbortController();
    const hashing = hashFiles([file], { signal: controller.signal, onProgress: () => controller.abort() });
    await expect(hashing).rejects.toMatchObject({ name: 'AbortError' });
  });
});
