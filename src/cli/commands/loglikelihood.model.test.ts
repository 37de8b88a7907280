import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../testing/runCli';

const set = path.resolve(import.meta.dirname, '../../../resources/examples/skills-choice.jsonl');

describe('evalbench loglikelihood', () => {
  it('scores the example multiple-choice set on two quantizations of the skilled fixture, with intervals and paired verdicts', async () => {
    const { code, out, err } = await runCli([
      'loglikelihood',
      '--set',
      set,
      'fixture:skilled-llama-f32',
      'fixture:skilled-llama-q4_0',
      '--threads',
      '1',
      '--json',
    ]);
    expect(err).toBe('');
    expect(code).toBe(0);
    const summary = JSON.parse(out) as {
      items: number;
      models: {
        label: string;
        items: number;
        acc: { estimate: number; lower: number; upper: number };
        accNorm: { estimate: number };
        probCorrect: { estimate: number };
        comparison: { acc: string; accNorm: string; probCorrect: string } | null;
      }[];
    };
    expect(summary.items).toBe(32);
    expect(summary.models.map((m) => [m.label, m.items])).toEqual([
      ['skilled-llama-f32', 32],
      ['skilled-llama-q4_0', 32],
    ]);
    for (const m of summary.models) {
      expect(m.acc.lower).toBeLessThanOrEqual(m.acc.estimate);
      expect(m.acc.upper).toBeGreaterThanOrEqual(m.acc.estimate);
      // Far above chance (1 in 4) for a model trained on these facts and sums: the committed
      // weights give acc 90.6 % (F32) and 93.8 % (Q4_0), and 90 % of the mass on the right choice.
      expect(m.acc.estimate).toBeGreaterThanOrEqual(0.8);
      expect(m.probCorrect.estimate).toBeGreaterThan(0.75);
    }
    expect(summary.models[0]?.comparison).toBeNull();
    expect(summary.models[1]?.comparison?.acc).toMatch(/skilled-llama-q4_0.*skilled-llama-f32/);
  }, 120_000);

  it('names the file and line of a malformed item and scores nothing', async () => {
    const { code, err } = await runCli([
      'loglikelihood',
      '--set',
      path.resolve(import.meta.dirname, '../../../package.json'),
      'fixture:skilled-llama-f32',
    ]);
    expect(code).toBe(1);
    expect(err).toMatch(/package\.json:1: /);
  });
});
