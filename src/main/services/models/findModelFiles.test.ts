import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findModelFiles } from './findModelFiles';

const dirs: string[] = [];
function tree(files: string[]): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-find-'));
  dirs.push(root);
  for (const f of files) {
    fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    fs.writeFileSync(path.join(root, f), 'GGUF');
  }
  return root;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('findModelFiles', () => {
  it('finds .gguf files in folders recursively, skipping hidden folders and other files', async () => {
    const root = tree(['a.gguf', 'sub/deeper/b.GGUF', 'notes.txt', '.cache/c.gguf']);
    const result = await findModelFiles([root]);
    expect(result.models.map((m) => path.relative(root, m.path))).toEqual(['a.gguf', path.join('sub', 'deeper', 'b.GGUF')]);
  });

  it('groups the parts of a split model into one model, part 1 first', async () => {
    const root = tree(['m-00002-of-00003.gguf', 'm-00001-of-00003.gguf', 'm-00003-of-00003.gguf']);
    const result = await findModelFiles([path.join(root, 'm-00002-of-00003.gguf')]);
    expect(result.models).toHaveLength(1);
    expect(result.models[0]?.parts.map((p) => path.basename(p))).toEqual([
      'm-00001-of-00003.gguf',
      'm-00002-of-00003.gguf',
      'm-00003-of-00003.gguf',
    ]);
    expect(result.models[0]?.path).toBe(path.join(root, 'm-00001-of-00003.gguf'));
  });

  it('skips a split model with a missing part and names the part', async () => {
    const root = tree(['m-00001-of-00003.gguf', 'm-00003-of-00003.gguf']);
    const result = await findModelFiles([root]);
    expect(result.models).toEqual([]);
    expect(result.skipped[0]?.reason).toContain('m-00002-of-00003.gguf');
  });

  it('says why an input was skipped', async () => {
    const root = tree(['readme.md']);
    const result = await findModelFiles([path.join(root, 'nope.gguf'), path.join(root, 'readme.md'), root]);
    expect(result.skipped.map((s) => s.reason)).toEqual([
      'No such file or folder.',
      'Not a .gguf file.',
      'No .gguf files in this folder or below it.',
    ]);
  });
});
