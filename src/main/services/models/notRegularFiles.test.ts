import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readGgufHeader } from '../gguf/GgufReader';
import { EventBus } from '../EventBus';
import { Store } from '../store/Store';
import { findModelFiles } from './findModelFiles';
import { hashFiles } from './hashFiles';
import { ModelLibrary } from './ModelLibrary';

// Issue 13.5: a `.gguf` that is a FIFO or a link to /dev/zero must never be read, hashed forever or block the host.
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function folder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-irregular-'));
  dirs.push(dir);
  return dir;
}
function irregular(dir: string): { fifo: string; zero: string } {
  const fifo = path.join(dir, 'pipe.gguf');
  execFileSync('mkfifo', [fifo]);
  const zero = path.join(dir, 'zero.gguf');
  fs.symlinkSync('/dev/zero', zero);
  return { fifo, zero };
}

describe('a .gguf that is not a regular file', () => {
  it('is skipped with the reason, named directly or found in a folder; a link to a real file is followed', async () => {
    const dir = folder();
    const { fifo, zero } = irregular(dir);
    fs.writeFileSync(path.join(dir, 'real.bin'), 'GGUF');
    fs.symlinkSync(path.join(dir, 'real.bin'), path.join(dir, 'linked.gguf'));
    const direct = await findModelFiles([fifo, zero]);
    expect(direct.models).toEqual([]);
    expect(direct.skipped).toEqual([
      { path: fifo, reason: expect.stringMatching(/^Not a regular file \(a pipe, device or socket/) as string },
      { path: zero, reason: expect.stringMatching(/^Not a regular file/) as string },
    ]);
    const walked = await findModelFiles([dir]);
    expect(walked.models.map((m) => path.basename(m.path))).toEqual(['linked.gguf']);
  });

  it('is refused by the header reader at once, and four readers of a FIFO do not stall other file work', async () => {
    const { fifo, zero } = irregular(folder());
    const started = performance.now();
    const reads = await Promise.all([fifo, fifo, fifo, fifo, fifo, zero].map((f) => readGgufHeader(f)));
    for (const read of reads)
      expect(read).toMatchObject({
        ok: false,
        problem: { code: 'file-unreadable', message: expect.stringMatching(/^(pipe|zero)\.gguf is not a regular file/) as string },
      });
    expect(fs.readFileSync(__filename, 'utf8')).toContain('not a regular file');
    await fs.promises.readFile(__filename);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('is never hashed: a link to /dev/zero fails at once instead of reading forever', async () => {
    const { zero, fifo } = irregular(folder());
    await expect(hashFiles([zero])).rejects.toThrow(/zero\.gguf is not a regular file/);
    await expect(hashFiles([fifo])).rejects.toThrow(/pipe\.gguf is not a regular file/);
  });
});

describe('ModelLibrary hashing', () => {
  it('stops hashing a model when it is removed', async () => {
    const dir = folder();
    const store = Store.open(path.join(dir, 'db.sqlite'));
    const library = new ModelLibrary(store, new EventBus());
    try {
      // Sparse: 8 GB of zeros on disk in no space, many seconds to hash.
      const big = path.join(dir, 'big.gguf');
      fs.writeFileSync(big, '');
      fs.truncateSync(big, 8 * 1024 ** 3);
      const { added } = await library.add([big]);
      const [model] = added;
      if (model === undefined) throw new Error('the model was not added');
      await new Promise((resolve) => setTimeout(resolve, 200));
      const removedAt = performance.now();
      library.remove(model.id);
      await library.idle();
      expect(performance.now() - removedAt).toBeLessThan(3000);
      expect(library.list()).toEqual([]);
    } finally {
      library.dispose();
      await library.idle();
      store.close();
    }
  });
});
