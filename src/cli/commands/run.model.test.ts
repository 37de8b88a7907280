import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureFixtures, type FixtureSet } from '../../main/services/gguf/fixtureCache';
import { runCli as run } from '../testing/runCli';

let fixtures: FixtureSet;
let dir: string;
beforeAll(async () => {
  fixtures = await ensureFixtures();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-run-cli-'));
  fs.mkdirSync(path.join(dir, 'models'));
  fs.copyFileSync(fixtures.files.q8_0, path.join(dir, 'models', 'tiny-Q8_0.gguf'));
  fs.copyFileSync(fixtures.files.q4_0, path.join(dir, 'models', 'tiny-Q4_0.gguf'));
  fs.writeFileSync(
    path.join(dir, 'set.yaml'),
    [
      'name: Capitals',
      'defaults:',
      '  mode: completion',
      '  scorers: [{ type: contains }]',
      'cases:',
      '  - { id: fr, prompt: "The capital of France is", expected: Paris }',
      '  - { id: de, prompt: "The capital of Germany is", expected: Berlin }',
      '  - { id: any, prompt: "Say anything:", tags: [free], scorers: [{ type: length, min: 1 }] }',
      '',
    ].join('\n'),
  );
  fs.writeFileSync(
    path.join(dir, 'run.yaml'),
    [
      'name: tiny quantizations',
      'testSet: set.yaml',
      'models:',
      '  - { path: models/tiny-Q8_0.gguf, label: Q8_0, load: { backend: cpu, contextSize: 128, threads: 1 } }',
      '  - { path: models/tiny-Q4_0.gguf, label: Q4_0, load: { backend: cpu, contextSize: 512, threads: 1 } }',
      'params: { maxTokens: 8 }',
      'baseline: Q8_0',
      '',
    ].join('\n'),
  );
}, 60_000);

function cli(args: string[]) {
  return run(args, { EVALBENCH_HOME: path.join(dir, 'home'), EVALBENCH_WORKER_SCRIPT: process.env.EVALBENCH_TEST_WORKER ?? '' });
}

describe('evalbench run', () => {
  it('runs every model on every case, prints a JSON summary, writes per-case results and fails a job under the bar', async () => {
    const out = path.join(dir, 'out');
    const {
      code,
      out: printed,
      err,
    } = await cli(['run', path.join(dir, 'run.yaml'), '--json', '--out', out, '--fail-under', 'pass_rate>=0.99']);
    const summary = JSON.parse(printed) as {
      runId: string;
      baseline: string;
      resultsFile: string;
      models: {
        label: string;
        results: number;
        errors: number;
        passRate: { estimate: number; resamples: number } | null;
        timeToFirstTokenMs: { median: number; p95: number } | null;
        comparison: unknown;
      }[];
    };
    expect(summary.baseline).toBe('Q8_0');
    expect(summary.models.map((m) => [m.label, m.results, m.errors])).toEqual([
      ['Q8_0', 3, 0],
      ['Q4_0', 3, 0],
    ]);
    expect(summary.models[0]?.passRate?.resamples).toBe(10000);
    expect(summary.models[0]?.timeToFirstTokenMs?.median).toBeGreaterThan(0);
    expect(summary.models[1]?.comparison).not.toBeNull();
    // Per-tag breakdown: the one case tagged "free" passes for both models.
    expect((summary.models[0] as unknown as { byTag: { tag: string; passed: number; scored: number }[] }).byTag).toEqual([
      expect.objectContaining({ tag: 'free', passed: 1, scored: 1 }),
    ]);
    const lines = fs
      .readFileSync(summary.resultsFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { caseId: string; scores: unknown[]; passed: boolean | null; output: string });
    expect(lines).toHaveLength(6);
    expect(lines.every((l) => l.scores.length === 1 && typeof l.output === 'string')).toBe(true);
    expect(lines.filter((l) => l.caseId === 'any').every((l) => l.passed === true)).toBe(true);
    // The tiny models know no capitals, so the bar of 99% fails the job with exit code 3.
    expect(code).toBe(3);
    expect(err).toMatch(/fail-under: Q8_0: pass_rate is/);
    expect(err).toMatch(new RegExp(`Run ${summary.runId} started`));
    // The fixtures were trained on 256 tokens: Q4_0's 512 goes past it, Q8_0's 128 does not.
    expect(err).toContain('warning: Q4_0 was trained on a 256-token context; 512 goes past it');
    expect(err).not.toContain('warning: Q8_0');
    // Each result records the parameters it ran with.
    expect(lines.map((l) => (l as unknown as { params: { maxTokens: number } }).params.maxTokens)).toEqual([8, 8, 8, 8, 8, 8]);
  });

  it('reports a broken test set with file:line:column and runs nothing', async () => {
    fs.writeFileSync(path.join(dir, 'bad.yaml'), 'name: Bad\ncases:\n  - { id: x, prompt: "hi", scorers: [{ type: exactly }] }\n');
    fs.writeFileSync(path.join(dir, 'bad-run.yaml'), 'testSet: bad.yaml\nmodels: [{ path: models/tiny-Q8_0.gguf }]\n');
    const { code, err } = await cli(['run', path.join(dir, 'bad-run.yaml')]);
    expect(code).toBe(1);
    expect(err).toMatch(/bad\.yaml:3:\d+: error: .*exactly/);
  });

  it('reports a mistake in the run file itself at its line', async () => {
    fs.writeFileSync(path.join(dir, 'typo-run.yaml'), 'testSet: set.yaml\nmodels:\n  - { path: models/tiny-Q8_0.gguf, lable: X }\n');
    const { code, err } = await cli(['run', path.join(dir, 'typo-run.yaml')]);
    expect(code).toBe(1);
    expect(err).toMatch(/typo-run\.yaml:3:\d+: .*lable/);
  });
});
