import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from './testing/runCli';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('evalbench on a damaged store', () => {
  it('refuses a 0-byte store with exit 1, naming the file and what to do, and leaves it as it was', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-damaged-'));
    dirs.push(home);
    const file = path.join(home, 'evalbench.db');
    fs.writeFileSync(file, '');
    const { code, err } = await runCli(['run', '--resume', 'abcd1234'], { EVALBENCH_HOME: home });
    expect(code).toBe(1);
    expect(err).toContain(`evalbench run: The store ${file} is damaged: it is empty (0 bytes)`);
    expect(err).toContain('Restore it from a backup.');
    expect(err).toContain(`move "${file}"`);
    expect(fs.statSync(file).size).toBe(0);
  });
});
