import { mulberry32, seedFor } from '../../../../shared/stats/mulberry32';
import { buildCharVocab, CHAR_BOS, CHAR_EOS, detokenizeChars, tokenizeChars } from './charVocab';
import { backward, forward, layoutOf, logitsAt, tensorSlots, type Layout, type LlamaShape } from './llamaMath';
import { completionPrompt, heldOutCases, trainingCase, type SkillCase } from './skills';

/** Everything that decides the trained weights; the same values give the same bytes. */
export interface TrainSettings {
  shape: LlamaShape;
  /** Seed of the initial weights and of the training stream. */
  seed: number;
  steps: number;
  batch: number;
  lr: number;
  minLr: number;
  warmup: number;
  weightDecay: number;
  clip: number;
}

const vocab = buildCharVocab();

/** BOS, the prompt's tokens and the answer's, and where the loss applies (each answer token and EOS). */
export function sequenceOf(c: SkillCase): { tokens: number[]; targets: { pos: number; token: number }[] } {
  const prompt = [CHAR_BOS, ...tokenizeChars(vocab, completionPrompt(c.prompt))];
  const answer = [...tokenizeChars(vocab, c.answer), CHAR_EOS];
  const tokens = [...prompt, ...answer];
  return { tokens: tokens.slice(0, -1), targets: answer.map((token, k) => ({ pos: prompt.length - 1 + k, token })) };
}

/** Seeded initial weights: norms 1, matrices uniform with a fan-in scale (output projections smaller). */
export function initialWeights(layout: Layout, seed: number): Float64Array {
  const P = new Float64Array(layout.total);
  const { nLayer } = layout.shape;
  for (const slot of tensorSlots(layout.shape)) {
    if (slot.shape.length === 1) {
      P.fill(1, slot.offset, slot.offset + slot.size);
      continue;
    }
    const nIn = slot.shape[0];
    const isResidualOut = /attn_output|ffn_down/.test(slot.name);
    const std = slot.name === 'token_embd.weight' ? 0.5 : (isResidualOut ? 0.5 / Math.sqrt(2 * nLayer) : 1) / Math.sqrt(nIn);
    const next = mulberry32(seedFor(seed, slot.name));
    const half = std * Math.sqrt(3);
    for (let i = 0; i < slot.size; i++) P[slot.offset + i] = (next() * 2 - 1) * half;
  }
  return P;
}

/** Training state: weights and Adam's moments at a step. */
export interface TrainState {
  step: number;
  P: Float64Array;
  M: Float64Array;
  V: Float64Array;
}

export function freshState(settings: TrainSettings): TrainState {
  const layout = layoutOf(settings.shape);
  return { step: 0, P: initialWeights(layout, settings.seed), M: new Float64Array(layout.total), V: new Float64Array(layout.total) };
}

function learningRate(s: TrainSettings, step: number): number {
  if (step < s.warmup) return (s.lr * (step + 1)) / s.warmup;
  const progress = (step - s.warmup) / Math.max(1, s.steps - s.warmup);
  return s.minLr + 0.5 * (s.lr - s.minLr) * (1 + Math.cos(Math.PI * Math.min(1, progress)));
}

/** One Adam step on one batch; returns the mean loss per answer token. */
export function trainStep(
  settings: TrainSettings,
  layout: Layout,
  state: TrainState,
  heldOut: ReadonlySet<string>,
  decayMask: Uint8Array,
): number {
  const G = new Float64Array(layout.total);
  const sequences = Array.from({ length: settings.batch }, (_, b) =>
    sequenceOf(trainingCase(settings.seed, state.step * settings.batch + b, heldOut)),
  );
  const targetCount = sequences.reduce((n, s) => n + s.targets.length, 0);
  let loss = 0;
  for (const s of sequences) loss += backward(layout, state.P, forward(layout, state.P, s.tokens), s.targets, 1 / targetCount, G);
  let norm = 0;
  for (let i = 0; i < G.length; i++) norm += (G[i] as number) ** 2;
  norm = Math.sqrt(norm);
  const clip = norm > settings.clip ? settings.clip / norm : 1;
  const lr = learningRate(settings, state.step);
  const t = state.step + 1;
  const b1 = 0.9;
  const b2 = 0.98;
  const c1 = 1 - b1 ** t;
  const c2 = 1 - b2 ** t;
  const { P, M, V } = state;
  for (let i = 0; i < P.length; i++) {
    const g = (G[i] as number) * clip;
    const m = b1 * (M[i] as number) + (1 - b1) * g;
    const v = b2 * (V[i] as number) + (1 - b2) * g * g;
    M[i] = m;
    V[i] = v;
    const decay = decayMask[i] === 1 ? settings.weightDecay * (P[i] as number) : 0;
    P[i] = (P[i] as number) - lr * (m / c1 / (Math.sqrt(v / c2) + 1e-8) + decay);
  }
  state.step = t;
  return loss / targetCount;
}

/** 1 for every weight of a matrix (decayed), 0 for norm weights. */
export function decayMaskOf(layout: Layout): Uint8Array {
  const mask = new Uint8Array(layout.total);
  for (const slot of tensorSlots(layout.shape)) if (slot.shape.length === 2) mask.fill(1, slot.offset, slot.offset + slot.size);
  return mask;
}

/** Greedy answer of our own forward pass (recomputed each token; the model is tiny). */
export function greedyAnswer(layout: Layout, P: Float64Array, prompt: string, maxTokens = 32): string {
  const tokens = [CHAR_BOS, ...tokenizeChars(vocab, completionPrompt(prompt))];
  const out: number[] = [];
  for (let n = 0; n < maxTokens && tokens.length < layout.shape.contextLength; n++) {
    const cache = forward(layout, P, tokens);
    const z = logitsAt(layout, P, cache, tokens.length - 1);
    let best = 0;
    for (let i = 1; i < z.length; i++) if ((z[i] as number) > (z[best] as number)) best = i;
    if (best === CHAR_EOS) break;
    out.push(best);
    tokens.push(best);
  }
  return detokenizeChars(vocab, out).trim();
}

/** Share of cases answered exactly, overall and per skill. */
export function accuracy(
  layout: Layout,
  P: Float64Array,
  cases: readonly SkillCase[],
): { overall: number; bySkill: Record<string, string>; wrong: string[] } {
  const per = new Map<string, [number, number]>();
  let right = 0;
  const wrong: string[] = [];
  for (const c of cases) {
    const got = greedyAnswer(layout, P, c.prompt);
    const ok = got === c.answer;
    if (ok) right++;
    else wrong.push(`${c.prompt} => ${got} (want ${c.answer})`);
    const [r, n] = per.get(c.skill) ?? [0, 0];
    per.set(c.skill, [r + (ok ? 1 : 0), n + 1]);
  }
  return { overall: right / cases.length, bySkill: Object.fromEntries([...per].map(([k, [r, n]]) => [k, `${r}/${n}`])), wrong };
}

export { heldOutCases, vocab as charVocab };
