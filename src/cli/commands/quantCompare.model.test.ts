import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../testing/runCli';

// The fixture matrix end to end: four quantizations × the arithmetic example, through
// `evalbench run` on the example run file a fresh machine can run.
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
    const summary = JSON.parse(out) as { cases: number; baseline: string; resultsFile: string; models: { label: string; results: number; errors: number }[] };
    expect(summary.baseline).toBe('F32');
    expect(summary.models.map((m) => [m.label, m.results, m.errors])).toEqual([
      ['F32', summary.cases, 0],
      ['F16', summary.cases, 0],
      ['Q8_0', summary.cases, 0],
      ['Q4_0', summary.cases, 0],
    ]);
    const lines = fs.readFileSync(summary.resultsFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(4 * summary.cases);
    for (const line of lines) {
      expect(Object.keys(line).sort()).toEqual(
        ['cachedFrom', 'caseId', 'endpoint', 'error', 'expected', 'finishedAt', 'input', 'memory', 'model', 'modelKey', 'output', 'passed', 'provenance', 'repetition', 'runId', 'score', 'scores', 'seed', 'stopReason', 'tags', 'timings'].sort(),
      );
      expect(typeof line.output).toBe('string');
      expect(['eos', 'max_tokens', 'stop_sequence']).toContain(line.stopReason);
      expect((line.timings as { generatedTokens: number }).generatedTokens).toBeGreaterThan(0);
      expect((line.memory as { peakRssBytes: number }).peakRssBytes).toBeGreaterThan(0);
      expect((line.scores as unknown[]).length).toBeGreaterThan(0);
      expect(line.passed === true || line.passed === false).toBe(true);
      expect((line.expected as string[]).length).toBeGreaterThan(0);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }, 120_000);
});
