import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import Database from 'libsql';
import { ensureFixtures } from '../src/main/services/gguf/fixtureCache';

// `kill -9` in the middle of `evalbench run`: nothing finished is lost, and `--resume` runs
// exactly the missing cases, each once.
const root = path.resolve(import.meta.dirname, '..');

function runCli(args: string[], home: string) {
  const child = spawn(process.execPath, [path.join(root, 'bin', 'evalbench.js'), ...args], {
    cwd: root,
    env: { ...process.env, EVALBENCH_HOME: home },
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

function results(home: string): { key: string; finishedAt: string }[] {
  const db = new Database(path.join(home, 'evalbench.db'));
  try {
    return (
      db.prepare('SELECT model_key, case_id, repetition, finished_at FROM case_results').all() as {
        model_key: string;
        case_id: string;
        repetition: number;
        finished_at: string;
      }[]
    ).map((r) => ({
      key: `${r.model_key}/${r.case_id}/${r.repetition}`,
      finishedAt: r.finished_at,
    }));
  } finally {
    db.close();
  }
}

test('a run killed with SIGKILL resumes with exactly the missing cases', async () => {
  test.setTimeout(120_000);
  const fixtures = await ensureFixtures();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-kill-'));
  const home = path.join(dir, 'home');
  fs.copyFileSync(fixtures.files.q8_0, path.join(dir, 'tiny.gguf'));
  const cases = Array.from({ length: 40 }, (_, i) => `  - { id: c${String(i).padStart(2, '0')}, prompt: "Story number ${i} begins" }`);
  fs.writeFileSync(
    path.join(dir, 'set.yaml'),
    ['name: Stories', 'defaults: { mode: completion, scorers: [{ type: length, min: 1 }] }', 'cases:', ...cases, ''].join('\n'),
  );
  // Cases long enough that the kill lands mid-run: the native decode loop makes this model's 96
  // tokens in a few milliseconds, and all 40 cases were done before the kill reached the CLI.
  fs.writeFileSync(
    path.join(dir, 'run.yaml'),
    'testSet: set.yaml\nmodels: [{ path: tiny.gguf, load: { backend: cpu, threads: 1, contextSize: 2048 } }]\nparams: { maxTokens: 1500 }\n',
  );

  const first = runCli(['run', path.join(dir, 'run.yaml')], home);
  await expect.poll(() => /Run (\S+) started/.exec(first.output())?.[1], { timeout: 60_000 }).toBeTruthy();
  const runId = /Run (\S+) started/.exec(first.output())?.[1] ?? '';
  await expect
    .poll(() => fs.existsSync(path.join(home, 'evalbench.db')) && results(home).length >= 5, { timeout: 60_000, intervals: [50] })
    .toBe(true);
  first.child.kill('SIGKILL');
  await first.exited;
  const before = results(home);
  expect(before.length).toBeGreaterThanOrEqual(5);
  expect(before.length).toBeLessThan(40);

  const second = runCli(['run', '--resume', runId], home);
  expect(await second.exited).toBe(0);
  const after = results(home);
  expect(after).toHaveLength(40);
  expect(new Set(after.map((r) => r.key)).size).toBe(40);
  // What was finished before the kill is untouched.
  for (const r of before) expect(after.find((a) => a.key === r.key)?.finishedAt).toBe(r.finishedAt);
  expect(second.output()).toContain(`Run ${runId} resumed`);
  fs.rmSync(dir, { recursive: true, force: true });
});
