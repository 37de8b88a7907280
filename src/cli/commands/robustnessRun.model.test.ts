import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../shared/runSummary';
import { runCli } from '../testing/runCli';

const examples = path.resolve(import.meta.dirname, '../../../resources/examples');

// A run file with robustness on, end to end: the run file's option, the variants stored and run
// beside the originals, and the summary's robustness section in --json and in the table.
describe('evalbench run with robustness variants', () => {
  it('runs the variants of every case and reports score drop and consistency per model', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-robust-'));
    const runFile = path.join(dir, 'robust.run.yaml');
    fs.writeFileSync(
      runFile,
      [
        `testSet: ${path.join(examples, 'multiple-choice.yaml')}`,
        'models:',
        '  - { path: "fixture:tiny-llama-q8_0", label: Q8_0, load: { backend: cpu, threads: 1, contextSize: 512 } }',
        '  - { path: "fixture:tiny-llama-q4_0", label: Q4_0, load: { backend: cpu, threads: 1, contextSize: 512 } }',
        'params: { temperature: 0, maxTokens: 4 }',
        'robustness: { seed: 3, perturbations: [shuffle-options, casing], perturbVariables: true }',
        '',
      ].join('\n'),
    );
    const env = { EVALBENCH_HOME: path.join(dir, 'home'), EVALBENCH_WORKER_SCRIPT: process.env.EVALBENCH_TEST_WORKER ?? '' };
    const { code, out, err } = await runCli(['run', runFile, '--json', '--out', path.join(dir, 'out')], env);
    expect(err).not.toMatch(/error/i);
    expect(code).toBe(0);
    const summary = JSON.parse(out) as RunSummary & { resultsFile: string };
    const lines = fs
      .readFileSync(summary.resultsFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { caseId: string; variantOf?: string; perturbation?: string });
    const variants = lines.filter((l) => l.variantOf !== undefined);
    for (const v of variants) expect(v.caseId).toBe(`${v.variantOf}~${v.perturbation}#1`);
    // Every case has four options and text to recase: one variant of each kind per case and model.
    expect(variants).toHaveLength(2 * 2 * summary.cases);
    expect(lines).toHaveLength(2 * 3 * summary.cases);
    expect(summary.models.map((m) => m.results)).toEqual([summary.cases, summary.cases]);
    expect(summary.robustness).toMatchObject({ seed: 3, perturbations: ['shuffle-options', 'casing'], variantCases: 2 * summary.cases });
    for (const model of summary.robustness?.models ?? []) {
      expect(model.overall.variants).toBe(2 * summary.cases);
      expect(model.overall.answerConsistency?.compared).toBe(2 * summary.cases);
      expect(model.byKind.map((k) => [k.kind, k.variants])).toEqual([
        ['shuffle-options', summary.cases],
        ['casing', summary.cases],
      ]);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }, 180_000);
});
