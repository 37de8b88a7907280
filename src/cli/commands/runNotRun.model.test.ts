import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFixtures } from '../../main/services/gguf/fixtureCache';
import { runCli } from '../testing/runCli';

let dir: string;
beforeAll(async () => {
  const fixtures = await ensureFixtures();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-not-run-'));
  fs.copyFileSync(fixtures.files.q4_0, path.join(dir, 'tiny-Q4_0.gguf'));
  fs.writeFileSync(
    path.join(dir, 'set.yaml'),
    ['name: Two', 'cases:', '  - { id: a, prompt: "One" }', '  - { id: b, prompt: "Two" }', ''].join('\n'),
  );
  fs.writeFileSync(
    path.join(dir, 'run.yaml'),
    [
      'name: killed at load',
      'testSet: set.yaml',
      'models:',
      '  - { path: tiny-Q4_0.gguf, label: Q4_0, load: { backend: cpu, contextSize: 128, threads: 1 } }',
      'params: { maxTokens: 4 }',
      '',
    ].join('\n'),
  );
  // A worker that is killed (SIGKILL) as soon as it starts, every time: the model never loads.
  fs.writeFileSync(path.join(dir, 'killed-worker.cjs'), "process.kill(process.pid, 'SIGKILL');\n");
}, 60_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('evalbench run when a model cannot be loaded', () => {
  it('exits 1 saying which cases never ran and how to run them, and --resume runs exactly those', async () => {
    const home = path.join(dir, 'home');
    const first = await runCli(['run', path.join(dir, 'run.yaml'), '--json'], {
      EVALBENCH_HOME: home,
      EVALBENCH_WORKER_SCRIPT: path.join(dir, 'killed-worker.cjs'),
    });
    expect(first.code).toBe(1);
    const resume = /Run them with: evalbench run --resume ([0-9a-f-]+)/.exec(first.err);
    expect(first.err).toContain('2 cases never ran because a model could not be loaded');
    expect(resume).not.toBeNull();
    const firstSummary = JSON.parse(first.out) as { models: { results: number; errors: number }[] };
    expect(firstSummary.models.map((m) => [m.results, m.errors])).toEqual([[2, 2]]);

    const second = await runCli(['run', '--resume', resume?.[1] ?? '', '--json'], {
      EVALBENCH_HOME: home,
      EVALBENCH_WORKER_SCRIPT: process.env.EVALBENCH_TEST_WORKER ?? '',
    });
    expect(second.err).not.toContain('never ran');
    expect(second.code).toBe(0);
    const summary = JSON.parse(second.out) as { models: { results: number; errors: number }[] };
    expect(summary.models.map((m) => [m.results, m.errors])).toEqual([[2, 0]]);
  }, 120_000);
});
