import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { effectiveParams } from '../../../shared/effectiveParams';
import { RunFile } from '../../../shared/runFile';
import { RunCase, RunSpec } from '../../../shared/runs';
import type { Report } from './Report';
import { rerunFile, runTable } from './reportTables';

/** A run made from the form's 256 max tokens on a test set whose defaults set 32 (one case sets 24). */
function report(): Report {
  const spec = RunSpec.parse({ name: 'n', models: [{ modelId: 'a' }], params: { maxTokens: 256, temperature: 0.5 } });
  const cases = RunCase.array().parse([
    { id: 'one', input: { kind: 'completion', prompt: 'x' }, params: { maxTokens: 32 } },
    { id: 'two', input: { kind: 'completion', prompt: 'y' }, params: { maxTokens: 24, seed: 9 } },
  ]);
  // Only what these two tables read.
  return {
    run: {
      id: 'r',
      name: 'n',
      status: 'completed',
      createdAt: 'now',
      mode: 'latency',
      repetitions: 1,
      warmup: 1,
      parallel: 4,
      useCache: false,
      params: spec.params,
      caseCount: 2,
      casesSha256: 'abc',
      testSetPath: '/sets/t.yaml',
    },
    summary: { baseline: null },
    models: [{ label: 'a', path: '/m/a.gguf', fileName: 'a.gguf', modelId: 'a', load: spec.models[0]?.load, remote: null }],
    cases,
  } as unknown as Report;
}

describe('the Reproducibility section says what ran', () => {
  it('shows the test set’s max tokens, not the run’s 256 that no case used', () => {
    const row = runTable(report()).rows.find((r) => r[0] === 'Generation parameters');
    expect(row?.[1]).toContain("maxTokens: the test set sets 32 (1 case) or 24 (1 case) for its 2 cases, so the run's 256 applies to none");
    expect(row?.[1]).toContain('temperature 0.5');
  });

  it('writes a rerun file without the overridden 256, that gives every case the parameters it ran with', () => {
    const r = report();
    const text = rerunFile(r);
    expect(text).toContain('# maxTokens: the test set sets 32 (1 case) or 24 (1 case) for its 2 cases.');
    const raw = parseYaml(text) as { params: Record<string, unknown> };
    expect(raw.params).not.toHaveProperty('maxTokens');
    const file = RunFile.parse(raw);
    const again = RunSpec.parse({ name: 'n', models: [{ modelId: 'a' }], params: file.params });
    for (const c of r.cases) expect(effectiveParams(again.params, c.params, 0)).toEqual(effectiveParams(r.run.params, c.params, 0));
    expect(effectiveParams(again.params, r.cases[1]?.params, 0)).toMatchObject({ maxTokens: 24, seed: 9, temperature: 0.5 });
  });
});
