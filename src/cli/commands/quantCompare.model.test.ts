import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mcnemarTest } from '../../shared/stats/mcnemarTest';
import { runCli } from '../testing/runCli';

// The fixture matrix end to end: the four quantizations of the trained skilled fixture × its
// skill set, through `evalbench run` on the example run file a fresh machine can run.
const runFile = path.resolve(import.meta.dirname, '../../../resources/examples/quant-compare.run.yaml');

describe('resources/examples/quant-compare.run.yaml', () => {
  it('runs the four fixture quantizations on every case and writes every per-case field', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-matrix-'));
    const { code, out, err } = await runCli(['run', runFile, '--json', '--out', path.join(dir, 'out')], {
      EVALBENCH_HOME: path.join(dir, 'home'),
      EVALBENCH_WORKER_SCRIPT: process.env.EVALBENCH_TEST_WORKER ?? '',
    });
    expect(err).not.toMatch(/error/i);
    expect(code).toBe(0);
    const summary = JSON.parse(out) as {
      cases: number;
      baseline: string;
      resultsFile: string;
      models: {
        label: string;
        results: number;
        errors: number;
        byTag: { tag: string; passed: number; scored: number }[];
        comparison: { passRate: { difference: number; pValue: number; n: number; verdict: string } | null } | null;
      }[];
    };
    expect(summary.baseline).toBe('F32');
    expect(summary.models.map((m) => [m.label, m.results, m.errors])).toEqual([
      ['F32', summary.cases, 0],
      ['F16', summary.cases, 0],
      ['Q8_0', summary.cases, 0],
      ['Q4_0', summary.cases, 0],
    ]);
    const lines = fs
      .readFileSync(summary.resultsFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(4 * summary.cases);
    for (const line of lines) {
      expect(Object.keys(line).sort()).toEqual(
        [
          'cachedFrom',
          'caseId',
          'endpoint',
          'error',
          'expected',
          'finishedAt',
          'input',
          'loglikelihood',
          'memory',
          'model',
          'modelKey',
          'output',
          'params',
          'passed',
          'provenance',
          'repetition',
          'runId',
          'score',
          'scores',
          'seed',
          'stopReason',
          'tags',
          'timings',
        ].sort(),
      );
      expect(typeof line.output).toBe('string');
      expect(['eos', 'max_tokens', 'stop_sequence']).toContain(line.stopReason);
      expect((line.timings as { generatedTokens: number }).generatedTokens).toBeGreaterThan(0);
      expect((line.memory as { peakRssBytes: number }).peakRssBytes).toBeGreaterThan(0);
      expect((line.scores as unknown[]).length).toBeGreaterThan(0);
      expect(line.passed === true || line.passed === false).toBe(true);
      expect((line.expected as string[]).length).toBeGreaterThan(0);
    }

    // The trained model answers the cases it never saw in training, greedily: the committed weights
    // give 88/92 (95.7 %) here, as in the trainer's own forward pass (issue #16 asks for 90 %).
    const heldOut = summary.models[0]?.byTag.find((t) => t.tag === 'held-out');
    expect(heldOut?.scored).toBe(92);
    expect((heldOut?.passed ?? 0) / (heldOut?.scored ?? 1)).toBeGreaterThanOrEqual(0.9);

    // Each quantization's McNemar verdict against F32 is the one its per-case results give.
    const passed = (label: string): Map<string, boolean> =>
      new Map(lines.filter((l) => l.model === label).map((l) => [l.caseId as string, l.passed === true]));
    const base = passed('F32');
    for (const model of summary.models.slice(1)) {
      const mine = passed(model.label);
      const ids = [...base.keys()];
      const test = mcnemarTest(
        ids.map((id) => mine.get(id) === true),
        ids.map((id) => base.get(id) === true),
      );
      const comparison = model.comparison?.passRate;
      expect(comparison?.n).toBe(ids.length);
      expect(comparison?.pValue).toBeCloseTo(test.pValue, 12);
      expect(comparison?.difference).toBeCloseTo((test.candidateOnly - test.baselineOnly) / ids.length, 12);
      const direction = test.candidateOnly > test.baselineOnly ? 'better' : 'worse';
      expect(comparison?.verdict).toMatch(
        test.pValue < 0.05 ? new RegExp(`^${model.label} is ${direction} than F32 by`) : /^No significant difference between/,
      );
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }, 300_000);
});
