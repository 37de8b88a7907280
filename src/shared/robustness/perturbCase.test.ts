import { describe, expect, it } from 'vitest';
import { RunCase } from '../runs';
import { perturbCase } from './perturbCase';
import { PERTURBATION_KINDS } from './RobustnessOptions';

const mc = RunCase.parse({
  id: 'geo-1',
  input: {
    kind: 'completion',
    prompt: 'Question: Which river flows through Vienna?\nA) Thames\nB) Danube\nC) Seine\nD) Tiber\nAnswer with the letter.',
  },
  expected: ['B'],
  scorers: [{ type: 'choice' }, { type: 'starts-with', value: 'B' }],
});
const withVars = RunCase.parse({
  id: 'cap',
  input: { kind: 'completion', prompt: 'Please tell me the capital of Kazakhstan, in one single word, without explanation.' },
  vars: { country: 'Kazakhstan' },
  expected: ['Astana'],
});
const chat = RunCase.parse({
  id: 'chat',
  input: {
    kind: 'chat',
    messages: [
      { role: 'system', content: 'You are a careful assistant answering questions.' },
      { role: 'user', content: 'Which number is larger, seventeen or seventy?' },
      { role: 'assistant', content: 'Seventy.' },
      { role: 'user', content: 'And which is larger, twelve or twenty?' },
    ],
  },
});

const prompt = (c: RunCase): string => (c.input.kind === 'completion' ? c.input.prompt : (c.input.messages.at(-1)?.content ?? ''));

describe('perturbCase', () => {
  it('is deterministic given seed, case id and kind, and changes with the seed', () => {
    for (const kind of PERTURBATION_KINDS) {
      expect(perturbCase(mc, kind, 7, 2)).toEqual(perturbCase(mc, kind, 7, 2));
    }
    const bySeed = new Set([1, 2, 3, 4, 5].map((seed) => prompt(perturbCase(mc, 'typos', seed, 1)[0] ?? mc)));
    expect(bySeed.size).toBeGreaterThan(1);
    // The same text under another id is perturbed differently: the id is part of the seed.
    const renamed = { ...mc, id: 'geo-2' };
    const a = [1, 2, 3].map((seed) => prompt(perturbCase(mc, 'whitespace', seed, 1)[0] ?? mc));
    const b = [1, 2, 3].map((seed) => prompt(perturbCase(renamed, 'whitespace', seed, 1)[0] ?? mc));
    expect(a).not.toEqual(b);
  });

  it('names variants <caseId>~<kind>#<n> and records where they came from', () => {
    const variants = perturbCase(mc, 'preamble', 1, 3);
    expect(variants.map((v) => v.id)).toEqual(['geo-1~preamble#1', 'geo-1~preamble#2', 'geo-1~preamble#3']);
    expect(variants.every((v) => v.variantOf === 'geo-1' && v.perturbation === 'preamble')).toBe(true);
    expect(new Set(variants.map(prompt)).size).toBe(3);
    for (const v of variants) expect(prompt(v).endsWith(`\n\n${prompt(mc)}`)).toBe(true);
  });

  it('puts typos in a few words, never in variable values or option labels', () => {
    for (let seed = 0; seed < 30; seed++) {
      const [v] = perturbCase(withVars, 'typos', seed, 1);
      expect(prompt(v ?? withVars)).not.toBe(prompt(withVars));
      expect(prompt(v ?? withVars)).toContain('Kazakhstan');
      const [m] = perturbCase(mc, 'typos', seed, 1);
      expect(prompt(m ?? mc).match(/^[A-D]\) /gmu)).toEqual(['A) ', 'B) ', 'C) ', 'D) ']);
    }
    const everywhere = new Set(
      Array.from({ length: 30 }, (_, seed) => prompt(perturbCase(withVars, 'typos', seed, 1, { perturbVariables: true })[0] ?? withVars)),
    );
    expect([...everywhere].some((p) => !p.includes('Kazakhstan'))).toBe(true);
    const original = prompt(withVars).split(/\s+/u);
    const changed = prompt(perturbCase(withVars, 'typos', 3, 1)[0] ?? withVars).split(/\s+/u);
    expect(changed).toHaveLength(original.length);
    const differing = changed.filter((w, i) => w !== original[i]);
    expect(differing.length).toBeGreaterThanOrEqual(1);
    expect(differing.length).toBeLessThanOrEqual(2);
  });

  it('changes casing without touching labels, and whitespace without removing any', () => {
    const casings = perturbCase(mc, 'casing', 4, 3).map(prompt);
    expect(new Set(casings).size).toBe(3);
    for (const text of casings) {
      expect(text.toLowerCase().replace(/\s+/g, ' ')).toBe(prompt(mc).toLowerCase().replace(/\s+/g, ' '));
      expect(text.match(/^[A-D]\) /gmu)).toHaveLength(4);
    }
    const spaced = prompt(perturbCase(mc, 'whitespace', 4, 1)[0] ?? mc);
    expect(spaced).not.toBe(prompt(mc));
    expect(spaced.replace(/\s+/g, ' ').trim()).toBe(prompt(mc).replace(/\s+/g, ' '));
    expect(spaced.match(/^\s*[A-D]\) /gmu)).toHaveLength(4);
  });

  it('shuffles the options and moves the expected letter with its option', () => {
    const variants = perturbCase(mc, 'shuffle-options', 11, 3);
    expect(variants).toHaveLength(3);
    for (const v of variants) {
      const text = prompt(v);
      const lines = text.split('\n').filter((l) => /^[A-D]\) /u.test(l));
      expect(lines.map((l) => l.slice(0, 3))).toEqual(['A) ', 'B) ', 'C) ', 'D) ']);
      expect(lines.map((l) => l.slice(3)).sort()).toEqual(['Danube', 'Seine', 'Thames', 'Tiber']);
      const danube = lines.findIndex((l) => l.endsWith('Danube'));
      const letter = 'ABCD'[danube];
      expect(letter).not.toBe('B'); // the right option always moves
      expect(v.expected).toEqual([letter]);
      expect(v.scorers[1]).toMatchObject({ type: 'starts-with', value: [letter] });
      expect(v.optionMap?.[letter ?? '']).toBe('B');
      expect(text.startsWith('Question: Which river flows through Vienna?\n')).toBe(true);
      expect(text.endsWith('\nAnswer with the letter.')).toBe(true);
    }
    expect(new Set(variants.map(prompt)).size).toBe(3);
    expect(variants.map(prompt)).not.toContain(prompt(mc));
  });

  it('makes no shuffle variant for a case without options', () => {
    expect(perturbCase(withVars, 'shuffle-options', 1, 2)).toEqual([]);
    expect(perturbCase(chat, 'shuffle-options', 1, 2)).toEqual([]);
  });

  it('perturbs only the last user message of a conversation', () => {
    for (const kind of ['typos', 'casing', 'whitespace', 'preamble'] as const) {
      const [v] = perturbCase(chat, kind, 5, 1);
      if (v?.input.kind !== 'chat' || chat.input.kind !== 'chat') throw new Error('expected a chat variant');
      expect(v.input.messages.slice(0, 3)).toEqual(chat.input.messages.slice(0, 3));
      expect(v.input.messages[3]?.content).not.toBe(chat.input.messages[3]?.content);
    }
  });
});
