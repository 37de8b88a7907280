import type { ControlledEvaluateInputItem, LlamaContextSequence, LlamaModel, Token } from 'node-llama-cpp';
import { SCORING_CANCELLED } from '../../../shared/loglikelihood';
import { encodePair, type ChoiceScore, type MultipleChoiceItem } from './multipleChoice';

/** log-softmax of one logits map at `target`, in double precision, and whether `target` is the top token. */
function logprobOf(logits: ReadonlyMap<Token, number>, target: number): { logprob: number; top: boolean } {
  let max = -Infinity;
  let best = -1;
  for (const [token, z] of logits) {
    if (z > max) {
      max = z;
      best = token;
    }
  }
  let sum = 0;
  for (const z of logits.values()) sum += Math.exp(z - max);
  const z = logits.get(target as Token);
  if (z === undefined) throw new Error(`no logit came back for token ${target}`);
  return { logprob: z - max - Math.log(sum), top: best === target };
}

/**
 * Scores each choice of an item on a local model as lm-evaluation-harness does: the context and
 * the choice split by `encodePair`, one forward pass per choice from an empty sequence, full
 * logits at each continuation position, and the log-probabilities of the continuation's tokens
 * summed. Throws an `AbortError` when `signal` fires, before the next forward pass: an item of
 * many choices stops within one pass of a cancel, not at its end.
 */
export async function scoreChoicesLocal(
  model: LlamaModel,
  sequence: LlamaContextSequence,
  item: Pick<MultipleChoiceItem, 'context' | 'choices'>,
  signal?: AbortSignal,
): Promise<ChoiceScore[]> {
  const bos = model.tokens.shouldPrependBosToken ? (model.tokens.bos as number | null) : null;
  const tokenize = (text: string): number[] => model.tokenize(text).map(Number);
  const scores: ChoiceScore[] = [];
  for (const choice of item.choices) {
    const { context, continuation } = encodePair(tokenize, item.context, choice, bos);
    if (continuation.length === 0) throw new RangeError(`the choice ${JSON.stringify(choice)} has no tokens of its own after the context`);
    const tokens = [...context, ...continuation];
    if (tokens.length > sequence.contextSize)
      throw new RangeError(`context and choice take ${tokens.length} tokens, more than the context size ${sequence.contextSize}`);
    const first = context.length - 1;
    const input: ControlledEvaluateInputItem[] = tokens
      .slice(0, -1)
      .map((t, i) => (i >= first ? [t as Token, { generateNext: { logits: true } }] : (t as Token)));
    if (signal?.aborted === true) throw scoringCancelled(item.choices.length, scores.length);
    await sequence.clearHistory();
    const outputs = await sequence.controlledEvaluate(input);
    await sequence.clearHistory();
    let logprob = 0;
    let greedy = true;
    continuation.forEach((target, k) => {
      const logits = outputs[first + k]?.next.logits;
      if (logits === undefined) throw new Error(`no logits came back for position ${first + k}`);
      const one = logprobOf(logits, target);
      logprob += one.logprob;
      greedy &&= one.top;
    });
    scores.push({ logprob, tokens: continuation.length, greedy, contextTokens: context.length });
  }
  return scores;
}

function scoringCancelled(choices: number, scored: number): Error {
  return new DOMException(`${SCORING_CANCELLED} after ${scored} of ${choices} choices.`, 'AbortError');
}
