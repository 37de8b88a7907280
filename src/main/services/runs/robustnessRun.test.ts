import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { GenerationResult } from '../../../shared/engine';
import { expandRobustness } from '../../../shared/robustness/expandRobustness';
import { RobustnessOptions } from '../../../shared/robustness/RobustnessOptions';
import { RunCase, RunSpec } from '../../../shared/runs';
import { Store } from '../store/Store';
import type { ModelRunner } from './ModelRunner';
import { RunOrchestrator } from './RunOrchestrator';
import { RunStore } from './RunStore';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function setup(): RunStore {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-robust-'));
  const store = Store.open(path.join(dir, 'db.sqlite'));
  cleanups.push(() => {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return new RunStore(store);
}

const result = (text: string): GenerationResult => ({
  text,
  stopReason: 'eos',
  timings: {
    timeToFirstTokenMs: 1,
    promptTokens: 3,
    promptTokensPerSecond: 3000,
    generatedTokens: 2,
    generationTokensPerSecond: 1000,
    totalMs: 2,
  },
  memory: { peakRssBytes: 1, rssBytes: 1, vramUsedBytes: null },
});

/** A model that answers with the letter of the option reading "Jupiter", wherever the shuffle put it. */
function runner(onGenerate: (prompt: string) => void = () => undefined): ModelRunner & { loads: string[] } {
  const loads: string[] = [];
  return {
    loads,
    name: (id) => id,
    contentHash: (id) => `sha-${id}`,
    load: (modelId) => {
      loads.push(modelId);
      return Promise.resolve({
        pid: undefined,
        info: null,
        unload: () => Promise.resolve(),
        generate: (input) => {
          const prompt = input.kind === 'completion' ? input.prompt : '';
          onGenerate(prompt);
          return Promise.resolve(result(/^([A-C])\) Jupiter$/mu.exec(prompt)?.[1] ?? '?'));
        },
      });
    },
  };
}

const base = [
  RunCase.parse({
    id: 'planet',
    input: { kind: 'completion', prompt: 'Which is the largest planet?\nA) Mars\nB) Jupiter\nC) Venus' },
    expected: ['B'],
    scorers: [{ type: 'choice', choices: ['A', 'B', 'C'] }],
  }),
];
const robustness = RobustnessOptions.parse({ seed: 9, perturbations: ['typos', 'shuffle-options', 'preamble'], variantsPerKind: 2 });
const spec = RunSpec.parse({ name: 'robust', useCache: true, warmup: 0, models: [{ modelId: 'q4' }], robustness });

describe('a run with robustness variants', () => {
  it('stores the variants with the run, scores them with their own remapped answers, and resumes by id', async () => {
    const runs = setup();
    const cases = expandRobustness(base, robustness);
    const id = runs.create(spec, cases, {});
    const stored = runs.get(id);
    expect(stored.spec.robustness).toEqual({
      seed: 9,
      perturbations: ['typos', 'shuffle-options', 'preamble'],
      variantsPerKind: 2,
      perturbVariables: false,
    });
    expect(stored.cases.map((c) => c.id)).toEqual([
      'planet',
      'planet~typos#1',
      'planet~typos#2',
      'planet~shuffle-options#1',
      'planet~shuffle-options#2',
      'planet~preamble#1',
      'planet~preamble#2',
    ]);
    expect(stored.cases[3]).toMatchObject({
      variantOf: 'planet',
      perturbation: 'shuffle-options',
      optionMap: expect.any(Object) as object,
    });

    const stop = new AbortController();
    let calls = 0;
    await new RunOrchestrator(
      runs,
      runner(() => (++calls === 3 ? stop.abort() : undefined)),
    ).execute(id, { signal: stop.signal });
    const before = runs.results(id).map((r) => r.caseId);
    expect(before.length).toBeGreaterThan(0);
    expect(before.length).toBeLessThan(7);

    const seen: string[] = [];
    expect(
      await new RunOrchestrator(
        runs,
        runner((p) => seen.push(p)),
      ).execute(id, { signal: new AbortController().signal }),
    ).toBe('completed');
    expect(seen).toHaveLength(7 - before.length);
    expect(
      runs
        .results(id)
        .map((r) => r.caseId)
        .sort(),
    ).toEqual(stored.cases.map((c) => c.id).sort());
    // The model follows the option's content, so every variant passes, the shuffled ones included.
    const scores = runs.scores(id);
    expect([...scores.values()].every((s) => s[0]?.passed === true)).toBe(true);
  });

  it('finds every variant in the result cache when the same seed runs again', async () => {
    const runs = setup();
    const cases = () => expandRobustness(base, robustness);
    await new RunOrchestrator(runs, runner()).execute(runs.create(spec, cases(), {}), { signal: new AbortController().signal });
    const again = runner();
    const id = runs.create(spec, cases(), {});
    await new RunOrchestrator(runs, again).execute(id, { signal: new AbortController().signal });
    expect(again.loads).toEqual([]);
    expect(runs.results(id).every((r) => r.cachedFrom !== null)).toBe(true);
    expect(runs.results(id)).toHaveLength(7);
  });
});
