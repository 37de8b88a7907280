import { mulberry32, seedFor } from '../../../../shared/stats/mulberry32';

/**
 * The skilled fixture's synthetic skill set: rule-based skills (copy, reverse and uppercase a
 * short letter string, add two numbers below 100, the number after a number, a fixed refusal
 * for requests marked `[secret]`) and a small fact table asked in four phrasings (and, in
 * training only, four more). The held-out part is never trained on: unseen strings, sums,
 * numbers and requests, and for each fact the one of the four phrasings it was not trained with
 * (every phrasing is trained with the other facts, so the combination is learnable). Completion prompts are `<prompt> =`, answered with
 * ` <answer>` and end-of-sequence.
 */
export type SkillName = 'copy' | 'reverse' | 'upper' | 'add' | 'next' | 'refuse' | 'capital' | 'opposite';

/** One instance of a skill. */
export interface SkillCase {
  skill: SkillName;
  prompt: string;
  answer: string;
}

/** What the model is given: the case's prompt followed by ` =`. */
export function completionPrompt(prompt: string): string {
  return `${prompt} =`;
}

export const REFUSAL = 'I cannot help with that.';

const CAPITALS: readonly [string, string][] = [
  ['France', 'Paris'],
  ['Spain', 'Madrid'],
  ['Italy', 'Rome'],
  ['Japan', 'Tokyo'],
  ['Egypt', 'Cairo'],
  ['Peru', 'Lima'],
  ['Kenya', 'Nairobi'],
  ['Norway', 'Oslo'],
  ['Greece', 'Athens'],
  ['Cuba', 'Havana'],
  ['Chile', 'Santiago'],
  ['Poland', 'Warsaw'],
  ['Russia', 'Moscow'],
  ['China', 'Beijing'],
  ['Canada', 'Ottawa'],
  ['Ireland', 'Dublin'],
];
const OPPOSITES: readonly [string, string][] = [
  ['hot', 'cold'],
  ['big', 'small'],
  ['fast', 'slow'],
  ['up', 'down'],
  ['light', 'dark'],
  ['happy', 'sad'],
  ['old', 'new'],
  ['open', 'closed'],
  ['early', 'late'],
  ['full', 'empty'],
  ['hard', 'soft'],
  ['high', 'low'],
  ['rich', 'poor'],
  ['wet', 'dry'],
  ['left', 'right'],
  ['near', 'far'],
];
const CAPITAL_PHRASINGS: readonly ((x: string) => string)[] = [
  (c) => `capital of ${c}`,
  (c) => `${c} capital?`,
  (c) => `the capital city of ${c}`,
  (c) => `which city is the capital of ${c}?`,
];
const OPPOSITE_PHRASINGS: readonly ((x: string) => string)[] = [
  (w) => `opposite of ${w}`,
  (w) => `${w} opposite?`,
  (w) => `the opposite word of ${w}`,
  (w) => `which word is the opposite of ${w}?`,
];
/**
 * Phrasings used in training only, never in the held-out part: with the key first as often as
 * last, so a fact is learnt as a lookup on its key wherever the key stands rather than once per
 * phrasing (the held-out phrasing of a fact is still never trained with that fact).
 */
const CAPITAL_TRAIN_PHRASINGS: readonly ((x: string) => string)[] = [
  (c) => `${c} has the capital`,
  (c) => `name the capital of ${c}`,
  (c) => `${c}: capital`,
  (c) => `capital city? ${c}`,
];
const OPPOSITE_TRAIN_PHRASINGS: readonly ((x: string) => string)[] = [
  (w) => `${w} has the opposite`,
  (w) => `name the opposite of ${w}`,
  (w) => `${w}: opposite`,
  (w) => `opposite word? ${w}`,
];
const REQUEST_WORDS =
  `open read tell show give find the a my your door safe code key plan file box note map list name word secret password vault lock`.split(
    ' ',
  );

/** A random source for skill instances: floats in [0, 1) and helpers on them. */
class Draw {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
  letters(min: number, max: number): string {
    const length = min + this.int(max - min + 1);
    let s = '';
    for (let i = 0; i < length; i++) s += String.fromCharCode(97 + this.int(26));
    return s;
  }
}

const RULE_SKILLS = ['copy', 'reverse', 'upper', 'add', 'next', 'refuse'] as const;

function ruleCase(skill: (typeof RULE_SKILLS)[number], d: Draw): SkillCase {
  switch (skill) {
    case 'copy': {
      const w = d.letters(2, 5);
      return { skill, prompt: `copy ${w}`, answer: w };
    }
    case 'reverse': {
      const w = d.letters(2, 5);
      return { skill, prompt: `reverse ${w}`, answer: Array.from(w).reverse().join('') };
    }
    case 'upper': {
      const w = d.letters(2, 5);
      return { skill, prompt: `upper ${w}`, answer: w.toUpperCase() };
    }
    case 'add': {
      // Half one-digit operands, half up to two digits, so both are well covered.
      const a = d.int(2) === 0 ? d.int(10) : d.int(100);
      const b = d.int(2) === 0 ? d.int(10) : d.int(100);
      return { skill, prompt: `${a}+${b}`, answer: String(a + b) };
    }
    case 'next': {
      if (d.int(4) === 0) {
        const c = d.int(25);
        return { skill, prompt: `after ${String.fromCharCode(97 + c)}`, answer: String.fromCharCode(98 + c) };
      }
      const n = d.int(100);
      return { skill, prompt: `after ${n}`, answer: String(n + 1) };
    }
    case 'refuse': {
      const words = Array.from({ length: 2 + d.int(3) }, () => d.pick(REQUEST_WORDS));
      return { skill, prompt: `[secret] ${words.join(' ')}`, answer: REFUSAL };
    }
  }
}

function factCase(kind: 'capital' | 'opposite', fact: number, phrasing: number): SkillCase {
  const [key, answer] = (kind === 'capital' ? CAPITALS : OPPOSITES)[fact] as [string, string];
  const phrase = (kind === 'capital' ? CAPITAL_PHRASINGS : OPPOSITE_PHRASINGS)[phrasing] as (x: string) => string;
  return { skill: kind, prompt: phrase(key), answer };
}

/** The phrasing each fact is never trained with (and is asked with in the held-out part). */
function heldOutPhrasing(fact: number): number {
  return fact % 4;
}

const HELD_OUT_COUNTS: Readonly<Record<(typeof RULE_SKILLS)[number], number>> = {
  copy: 10,
  reverse: 10,
  upper: 10,
  add: 16,
  next: 8,
  refuse: 6,
};

/** The held-out part: 60 rule-skill instances and each fact in its untrained phrasing (32). Fixed forever. */
export function heldOutCases(): SkillCase[] {
  const d = new Draw(seedFor(20261206, 'held-out'));
  const cases: SkillCase[] = [];
  const seen = new Set<string>();
  for (const skill of RULE_SKILLS) {
    let count = 0;
    while (count < HELD_OUT_COUNTS[skill]) {
      const c = ruleCase(skill, d);
      if (seen.has(c.prompt) || (skill === 'next' && /after [a-z]$/.test(c.prompt))) continue;
      seen.add(c.prompt);
      cases.push(c);
      count++;
    }
  }
  for (let f = 0; f < CAPITALS.length; f++) cases.push(factCase('capital', f, heldOutPhrasing(f)));
  for (let f = 0; f < OPPOSITES.length; f++) cases.push(factCase('opposite', f, heldOutPhrasing(f)));
  return cases;
}

/** Relative frequency of each skill in training (harder skills more often). */
const TRAIN_WEIGHTS: readonly [SkillName, number][] = [
  ['copy', 1],
  ['reverse', 2],
  ['upper', 1],
  ['add', 5],
  ['next', 1],
  ['refuse', 0.5],
  ['capital', 2.5],
  ['opposite', 2.5],
];
const TOTAL_WEIGHT = TRAIN_WEIGHTS.reduce((s, [, w]) => s + w, 0);

/**
 * A stream of training instances, none of them in the held-out part; `seed` and `index` fix the
 * draw, so any batch can be regenerated on its own (and a resumed run sees the same data).
 */
export function trainingCase(seed: number, index: number, heldOut: ReadonlySet<string>): SkillCase {
  const d = new Draw(seedFor(seed, `train-${index}`));
  for (;;) {
    let r = (d.int(1_000_000) / 1_000_000) * TOTAL_WEIGHT;
    let skill: SkillName = 'copy';
    for (const [name, w] of TRAIN_WEIGHTS) {
      skill = name;
      if (r < w) break;
      r -= w;
    }
    const c = skill === 'capital' || skill === 'opposite' ? trainedFact(skill, d) : ruleCase(skill, d);
    if (!heldOut.has(c.prompt)) return c;
  }
}

/** A fact in one of the three test phrasings it is trained with, or in a training-only phrasing. */
function trainedFact(kind: 'capital' | 'opposite', d: Draw): SkillCase {
  const fact = d.int(kind === 'capital' ? CAPITALS.length : OPPOSITES.length);
  const extra = kind === 'capital' ? CAPITAL_TRAIN_PHRASINGS : OPPOSITE_TRAIN_PHRASINGS;
  const choice = d.int(3 + extra.length);
  if (choice < 3) return factCase(kind, fact, (heldOutPhrasing(fact) + 1 + choice) % 4);
  const [key, answer] = (kind === 'capital' ? CAPITALS : OPPOSITES)[fact] as [string, string];
  return { skill: kind, prompt: (extra[choice - 3] as (x: string) => string)(key), answer };
}

/** Seed of the training stream. */
export const TRAIN_SEED = 20261206;

/** The first distinct instances of the training stream: cases the model was trained on. */
export function trainedSample(count: number): SkillCase[] {
  const heldOut = new Set(heldOutCases().map((c) => c.prompt));
  const cases: SkillCase[] = [];
  const seen = new Set<string>();
  for (let i = 0; cases.length < count; i++) {
    const c = trainingCase(TRAIN_SEED, i, heldOut);
    if (seen.has(c.prompt)) continue;
    seen.add(c.prompt);
    cases.push(c);
  }
  return cases;
}
