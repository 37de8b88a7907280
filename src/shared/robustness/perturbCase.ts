import type { GenerationInput } from '../engine';
import type { RunCase } from '../runs';
import { mulberry32, seedFor } from '../stats/mulberry32';
import type { ScorerSpec } from '../testset/ScorerSpec';
import { addPreamble, addTypos, addWhitespace, CASINGS, changeCasing, PREAMBLES, type Random } from './perturbText';
import type { PerturbationKind } from './RobustnessOptions';
import { findOptionBlock, labelOf, remapLabel, shuffleOptions } from './shuffleOptions';

/** `<caseId>~typos#1`: a variant's id, stable for a given case, kind and number. */
export function variantId(caseId: string, kind: PerturbationKind, n: number): string {
  return `${caseId}~${kind}#${n}`;
}

/** The text a perturbation changes: a completion's prompt, or a conversation's last user message. */
function targetText(input: GenerationInput): string | null {
  if (input.kind === 'completion') return input.prompt;
  return input.messages.findLast((m) => m.role === 'user')?.content ?? null;
}

function withText(input: GenerationInput, text: string): GenerationInput {
  if (input.kind === 'completion') return { ...input, prompt: text };
  const last = input.messages.findLastIndex((m) => m.role === 'user');
  return { ...input, messages: input.messages.map((m, i) => (i === last ? { ...m, content: text } : m)) };
}

function shuffled<T>(items: readonly T[], random: Random): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** Scorer values that name an option label (`starts-with: B`) move with it; other scorers are unchanged. */
function remapScorer(spec: ScorerSpec, optionMap: Readonly<Record<string, string>>): ScorerSpec {
  if ((spec.type === 'contains' || spec.type === 'starts-with') && spec.value !== undefined)
    return { ...spec, value: spec.value.map((v) => remapLabel(v, optionMap)) };
  return spec;
}

/**
 * Up to `count` perturbed variants of a case for one kind of perturbation. Pure and
 * deterministic: the same seed, case id and kind give the same variants on every machine. A
 * case the kind does not apply to (no options to shuffle, no text to change) gives none. The
 * case's variable values are left as they are unless `perturbVariables` is set.
 */
export function perturbCase(
  testCase: RunCase,
  kind: PerturbationKind,
  seed: number,
  count: number,
  options: { perturbVariables?: boolean } = {},
): RunCase[] {
  const text = targetText(testCase.input);
  if (text === null || text.trim() === '') return [];
  const random = mulberry32(seedFor(seed, `${testCase.id}\u0000${kind}`));
  const values = options.perturbVariables === true ? [] : Object.values(testCase.vars).map(String);
  const variant = (n: number, changed: string, extra: Partial<RunCase> = {}): RunCase => ({
    ...testCase,
    id: variantId(testCase.id, kind, n),
    input: withText(testCase.input, changed),
    variantOf: testCase.id,
    perturbation: kind,
    ...extra,
  });
  const numbers = Array.from({ length: count }, (_, i) => i + 1);
  switch (kind) {
    case 'typos':
      return numbers.map((n) => variant(n, addTypos(text, values, random))).filter((v) => targetText(v.input) !== text);
    case 'casing': {
      const order = shuffled(CASINGS, random);
      const out: RunCase[] = [];
      // Each variant a different casing, skipping one that changes nothing (a prompt already in lower case).
      for (const casing of [...order, ...order]) {
        if (out.length === count) break;
        const changed = changeCasing(text, values, casing, random);
        if (changed !== text && !out.some((v) => targetText(v.input) === changed)) out.push(variant(out.length + 1, changed));
      }
      return out;
    }
    case 'whitespace':
      return numbers.map((n) => variant(n, addWhitespace(text, values, random)));
    case 'shuffle-options': {
      const block = findOptionBlock(text);
      if (block === null) return [];
      const answer = testCase.expected.map((e) => labelOf(e, block.letters)).find((l) => l !== null);
      return shuffleOptions(text, block, count, random, answer === undefined ? undefined : block.letters.indexOf(answer)).map((s, i) =>
        variant(i + 1, s.text, {
          optionMap: s.optionMap,
          expected: testCase.expected.map((e) => remapLabel(e, s.optionMap)),
          scorers: testCase.scorers.map((spec) => remapScorer(spec, s.optionMap)),
        }),
      );
    }
    case 'preamble': {
      const order = shuffled(PREAMBLES, random);
      return numbers.map((n) => variant(n, addPreamble(text, order[(n - 1) % order.length] ?? '')));
    }
    default:
      return kind satisfies never;
  }
}
