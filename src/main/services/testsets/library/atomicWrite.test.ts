import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { atomicWrite } from './atomicWrite';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('atomicWrite', () => {
  it('never lets a reader see a half-written file, and leaves no temporary files behind', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-atomic-'));
    dirs.push(dir);
    const file = path.join(dir, 'set.yaml');
    const a = 'a'.repeat(4 * 1024 * 1024);
    const b = 'b'.repeat(3 * 1024 * 1024);
    await atomicWrite(file, a);
    const state = { writing: true };
    const seen = new Set<number>();
    const reader = (async () => {
      while (state.writing) {
        const text = fs.readFileSync(file, 'utf8');
        seen.add(text.length);
        expect(text === a || text === b).toBe(true);
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    for (let i = 0; i < 12; i++) await atomicWrite(file, i % 2 === 0 ? b : a);
    state.writing = false;
    await reader;
    expect([...seen].every((n) => n === a.length || n === b.length)).toBe(true);
    expect(fs.readdirSync(dir)).toEqual(['set.yaml']);
    expect(fs.readFileSync(file, 'utf8')).toBe(a);
  });

  it('creates the folder, and on failure keeps the old file and removes its temporary file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-atomic-'));
    dirs.push(dir);
    await atomicWrite(path.join(dir, 'deep', 'er', 'x.yaml'), 'x');
    expect(fs.readFileSync(path.join(dir, 'deep', 'er', 'x.yaml'), 'utf8')).toBe('x');
    // A folder where the file should be: the final rename fails.
    fs.mkdirSync(path.join(dir, 'taken.yaml', 'inside'), { recursive: true });
    await expect(atomicWrite(path.join(dir, 'taken.yaml'), 'y')).rejects.toThrow();
    expect(fs.readdirSync(dir).sort()).toEqual(['deep', 'taken.yaml']);
  });
});
