import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mcnemarTest } from '../../shared/stats/mcnemarTest';
import type { LoglikelihoodResult } from '../../shared/loglikelihood';
import type { RunSummary } from '../../shared/runSummary';
import { runCli } from '../testing/runCli';

// Log-likelihood cases through the whole run path: the example run file (the skilled fixture's
// four quantizations × skills-choice.yaml) scored in the inference workers, stored, summarised,
// and checked against `evalbench loglikelihood` on the JSONL the test set was imported from.
const root = path.resolve(import.meta.dirname, '../../..');
const runFile = path.join(root, 'resources/examples/quant-compare-loglikelihood.run.yaml');
const items = path.join(root, 'resources/examples/skills-choice.jsonl');
const FIXTURES = ['f32', 'f16', 'q8_0', 'q4_0'];

interface CliSummary {
  items: number;
  models: {
    label: string;
    acc: { estimate: number };
    accNorm: { estimate: number };
    probCorrect: { estimate: number };
    comparison: { acc: string } | null;
  }[];
}

describe('resources/examples/quant-compare-loglikelihood.run.yaml', () => {
  it('stores per-choice log-likelihoods and the figures evalbench loglikelihood computes, with verdicts the per-case data give', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-ll-run-'));
    try {
      const env = { EVALBENCH_HOME: path.join(dir, 'home'), EVALBENCH_WORKER_SCRIPT: process.env.EVALBENCH_TEST_WORKER ?? '' };
      const run = await runCli(['run', runFile, '--json', '--out', path.join(dir, 'out')], env);
      expect(run.err).not.toMatch(/error/i);
      expect(run.code).toBe(0);
      const summary = JSON.parse(run.out) as RunSummary & { resultsFile: string };
      expect(summary.models.map((m) => [m.label, m.results, m.errors])).toEqual([
        ['F32', 32, 0],
        ['F16', 32, 0],
        ['Q8_0', 32, 0],
        ['Q4_0', 32, 0],
      ]);
      const lines = fs
        .readFileSync(summary.resultsFile, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines).toHaveLength(4 * 32);
      for (const line of lines) {
        const ll = line.loglikelihood as LoglikelihoodResult;
        const choices = line.choices as string[];
        expect(ll.choices).toHaveLength(choices.length);
        // Nothing generated: the output is the picked choice, and there are no generation timings (the worker's memory is kept).
        expect(line.output).toBe(choices[ll.predicted]);
        expect(line.stopReason).toBeNull();
        expect(line.timings).toBeNull();
        expect((line.memory as { peakRssBytes: number }).peakRssBytes).toBeGreaterThan(0);
        expect(line.passed).toBe(ll.acc === 1);
        expect((line.scores as { label: string }[]).map((s) => s.label)).toEqual(['acc', 'acc_norm', 'P(correct)']);
      }

      const cli = await runCli([
        'loglikelihood',
        '--set',
        items,
        ...FIXTURES.map((f) => `fixture:skilled-llama-${f}`),
        '--threads',
        '1',
        '--ctx',
        '128',
        '--json',
      ]);
      expect(cli.code).toBe(0);
      const direct = JSON.parse(cli.out) as CliSummary;
      expect(direct.items).toBe(32);
      summary.models.forEach((m, i) => {
        const d = direct.models[i];
        expect(m.loglikelihood?.items).toBe(32);
        expect(m.loglikelihood?.acc.estimate).toBeCloseTo(d?.acc.estimate ?? NaN, 12);
        expect(m.loglikelihood?.accNorm.estimate).toBeCloseTo(d?.accNorm.estimate ?? NaN, 12);
        // The command loads with the run's settings (flash attention off, F16 KV cache), so the
        // probabilities agree too (with node-llama-cpp's "auto" flash attention they differed by ~7e-4).
        expect(Math.abs((m.loglikelihood?.probCorrect.estimate ?? NaN) - (d?.probCorrect.estimate ?? NaN))).toBeLessThan(1e-9);
        expect(m.peakRssBytes).toBeGreaterThan(0);
        // acc is the counted score: the pass rate is acc.
        expect(m.passRate?.estimate).toBeCloseTo(m.loglikelihood?.acc.estimate ?? NaN, 12);
      });
      // Trained on these facts and sums: far above chance (1 in 4).
      expect(summary.models[0]?.loglikelihood?.acc.estimate).toBeGreaterThan(0.5);

      // Each quantization's acc verdict against F32 is McNemar's test on the stored per-case figures.
      const correct = (label: string): Map<string, boolean> =>
        new Map(
          lines.filter((l) => l.model === label).map((l) => [l.caseId as string, (l.loglikelihood as LoglikelihoodResult).acc === 1]),
        );
      const base = correct('F32');
      const ids = [...base.keys()];
      expect(summary.models[0]?.loglikelihood?.comparison).toBeNull();
      for (const model of summary.models.slice(1)) {
        const mine = correct(model.label);
        const test = mcnemarTest(
          ids.map((id) => mine.get(id) === true),
          ids.map((id) => base.get(id) === true),
        );
        const acc = model.loglikelihood?.comparison?.acc;
        expect(acc?.n).toBe(32);
        expect(acc?.pValue).toBeCloseTo(test.pValue, 12);
        expect(acc?.difference).toBeCloseTo((test.candidateOnly - test.baselineOnly) / ids.length, 12);
        const direction = test.candidateOnly > test.baselineOnly ? 'better' : 'worse';
        expect(acc?.verdict).toMatch(
          test.pValue < 0.05 ? new RegExp(`^${model.label} is ${direction} than F32 by`) : /^No significant difference between/,
        );
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
