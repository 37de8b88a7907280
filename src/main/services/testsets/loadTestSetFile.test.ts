import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
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
    await expect(loadTestSetFile(path.join(dir, 'nope.yaml'), 'nope.yaml')).rejects.toMatchObject({
      code: 'not_found',
      message: 'nope.yaml: no such file.',
    });
    await expect(loadTestSetFile(path.join(dir, 'nope.yaml'))).rejects.toBeInstanceOf(UserFacingError);
    await expect(loadTestSetFile(dir)).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('refuses a file past the size limit from its size alone, naming the file, its size, the limit and how to split it (issue 13.4)', async () => {
    // Sparse: stat says 200 MB, but nothing is written; reading it all is what must not happen.
    await writeFile(path.join(dir, 'huge.yaml'), '');
    await truncate(path.join(dir, 'huge.yaml'), 200 * 1024 * 1024);
    await writeFile(path.join(dir, 'huge.jsonl'), '');
    await truncate(path.join(dir, 'huge.jsonl'), 40 * 1024 * 1024);
    const started = performance.now();
    await expect(loadTestSetFile(path.join(dir, 'huge.yaml'), 'huge.yaml')).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'huge.yaml is 200.0 MiB, more than the 4.0 MiB Evalbench reads in a YAML test set.',
      hint: expect.stringMatching(/Split it into several test sets .*or write the cases as JSONL/) as string,
    });
    await expect(loadTestSetFile(path.join(dir, 'huge.jsonl'), 'huge.jsonl')).rejects.toMatchObject({
      message: 'huge.jsonl is 40.0 MiB, more than the 16.0 MiB Evalbench reads in a JSONL test set.',
    });
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('refuses a FIFO without blocking on it', async () => {
    const fifo = path.join(dir, 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    await expect(loadTestSetFile(fifo, 'pipe.yaml')).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/^pipe\.yaml is not a regular file/) as string,
    });
  });
});
