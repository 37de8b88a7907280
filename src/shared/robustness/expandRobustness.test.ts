import { describe, expect, it } from 'vitest';
import { RunCase } from '../runs';
import { expandRobustness } from './expandRobustness';
import { RobustnessOptions } from './RobustnessOptions';

const cases = [
  RunCase.parse({
    id: 'mc',
    input: { kind: 'completion', prompt: 'Pick the largest planet.\nA) Mars\nB) Jupiter\nC) Venus' },
    expected: ['B'],
    scorers: [{ type: 'choice', choices: ['A', 'B', 'C'] }],
  }),
  RunCase.parse({
    id: 'open',
    input: { kind: 'completion', prompt: 'Name the largest planet of the solar system.' },
    expected: ['Jupiter'],
  }),
];

describe('expandRobustness', () => {
  it('puts each case before its variants, kind by kind, with stable ids', () => {
    const options = RobustnessOptions.parse({ seed: 3, perturbations: ['shuffle-options', 'typos'], variantsPerKind: 2 });
    const ids = expandRobustness(cases, options).map((c) => c.id);
    expect(ids).toEqual([
      'mc',
      'mc~shuffle-options#1',
      'mc~shuffle-options#2',
      'mc~typos#1',
      'mc~typos#2',
      'open',
      'open~typos#1',
      'open~typos#2',
    ]);
    // Created again (a resumed run, a second run with the same seed): the same variants.
    expect(expandRobustness(cases, options)).toEqual(expandRobustness(cases, options));
  });

  it('refuses a test set whose own ids look like variant ids', () => {
    const clash = [...cases, RunCase.parse({ id: 'open~typos#1', input: { kind: 'completion', prompt: 'x' } })];
    expect(() => expandRobustness(clash, RobustnessOptions.parse({ seed: 1, perturbations: ['typos'] }))).toThrow(
      /id "open~typos#1".*rename that case/,
    );
  });

  it('reads the options strictly', () => {
    expect(RobustnessOptions.parse({ seed: 1, perturbations: ['casing'] }).variantsPerKind).toBe(1);
    expect(RobustnessOptions.safeParse({ seed: 1, perturbations: [] }).success).toBe(false);
    expect(RobustnessOptions.safeParse({ seed: 1, perturbations: ['typos', 'typos'] }).success).toBe(false);
    expect(RobustnessOptions.safeParse({ seed: 1, perturbations: ['leet'] }).success).toBe(false);
    expect(RobustnessOptions.safeParse({ perturbations: ['typos'] }).success).toBe(false);
  });
});
