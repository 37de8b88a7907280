import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserFacingError } from '../../../shared/result';
import { loadTestSetFile } from './loadTestSetFile';

describe('loadTestSetFile', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'evalbench-testsets-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads YAML, JSONL and CSV by extension and names the file as asked', async () => {
    await writeFile(path.join(dir, 'a.yml'), 'name: A\ncases:\n  - prompt: x\n    expected: y\n    scorers: [{ type: exact }]\n');
    await writeFile(path.join(dir, 'b.jsonl'), '{"prompt": "x", "expected": "y", "scorers": [{"type": "exact"}]}\n');
    await writeFile(path.join(dir, 'c.csv'), 'id,question,answer\n1,x,y\n1,z,w\n');
    expect((await loadTestSetFile(path.join(dir, 'a.yml'))).testSet?.name).toBe('A');
    expect((await loadTestSetFile(path.join(dir, 'b.jsonl'))).testSet?.name).toBe('b');
    const csv = await loadTestSetFile(path.join(dir, 'c.csv'), 'c.csv');
    expect(csv.diagnostics.map((d) => `${d.file}:${d.line} ${d.code}`)).toEqual(['c.csv:1 no-scorer', 'c.csv:3 duplicate-id']);
  });

  it('throws a user-facing error for a missing file or a folder', async () => {
    await expect(loadTestSetFile(path.join(dir, 'nope.yaml'), 'nope.yaml')).rejects.toMatchObject({ code: 'not_found', message: 'nope.yaml: no such file.' });
    await expect(loadTestSetFile(path.join(dir, 'nope.yaml'))).rejects.toBeInstanceOf(UserFacingError);
    await expect(loadTestSetFile(dir)).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
