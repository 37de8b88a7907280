import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { heldOutCases, TRAIN_SEED, trainingCase } from './skills';
import { skillsTestSetYaml } from './skillsTestSet';

/** The country or word a fact prompt asks about: last after `of`, else first. */
function factKey(prompt: string): string {
  return (/of (\w+)\??$/.exec(prompt) ?? /^(\w+) /.exec(prompt))?.[1] ?? '';
}

describe('the skilled fixture skill set', () => {
  it('resources/examples/skills.yaml is what the generator writes (regenerate with npm run train-fixture -- --write-test-set)', () => {
    const committed = fs.readFileSync(path.resolve(import.meta.dirname, '../../../../../resources/examples/skills.yaml'), 'utf8');
    expect(committed).toBe(skillsTestSetYaml());
  });

  it('never trains on a held-out prompt, and trains every skill', () => {
    const heldOut = heldOutCases();
    expect(heldOut).toHaveLength(92);
    const prompts = new Set(heldOut.map((c) => c.prompt));
    const skills = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      const c = trainingCase(TRAIN_SEED, i, prompts);
      expect(prompts.has(c.prompt)).toBe(false);
      skills.add(c.skill);
    }
    expect([...skills].sort()).toEqual(['add', 'capital', 'copy', 'next', 'opposite', 'refuse', 'reverse', 'upper']);
  });

  it('trains every fact with its key both first and last in the prompt, so no fact is tied to one key position', () => {
    const heldOut = new Set(heldOutCases().map((c) => c.prompt));
    const facts = Array.from({ length: 20_000 }, (_, i) => trainingCase(TRAIN_SEED, i, heldOut)).filter(
      (c) => c.skill === 'capital' || c.skill === 'opposite',
    );
    const keys = new Set(
      heldOutCases()
        .filter((c) => c.skill === 'capital' || c.skill === 'opposite')
        .map((c) => factKey(c.prompt)),
    );
    expect(keys.size).toBe(32);
    for (const key of keys) {
      expect(
        facts.some((c) => c.prompt.startsWith(`${key} `)),
        key,
      ).toBe(true);
      expect(
        facts.some((c) => new RegExp(` ${key}\\??$`).test(c.prompt)),
        key,
      ).toBe(true);
    }
  });

  it('asks each fact in the held-out part in a phrasing it is trained with too, but never that one', () => {
    const heldOutFacts = heldOutCases().filter((c) => c.skill === 'capital' || c.skill === 'opposite');
    const trainedPrompts = new Set(
      Array.from({ length: 5_000 }, (_, i) => trainingCase(TRAIN_SEED, i, new Set(heldOutFacts.map((c) => c.prompt))).prompt),
    );
    for (const c of heldOutFacts) {
      const key = factKey(c.prompt);
      expect(key, c.prompt).not.toBe('');
      expect(
        [...trainedPrompts].some((p) => p !== c.prompt && new RegExp(`\\b${key}\\b`).test(p)),
        c.prompt,
      ).toBe(true);
    }
  });
});
