/** A log-likelihood multiple-choice item: the context, the continuations to compare, and the right one. */
export interface MultipleChoiceItem {
  id: string;
  context: string;
  /** Continuations as lm-evaluation-harness passes them (with its target delimiter, usually a leading space). */
  choices: string[];
  /** Index of the correct choice. */
  answer: number;
}

/** What a model gave one choice: the summed log-probability of its tokens given the context. */
export interface ChoiceScore {
  logprob: number;
  /** Tokens of the continuation after lm-eval's split. */
  tokens: number;
  /** Whether every continuation token was the model's greedy pick (lm-eval's `is_greedy`). */
  greedy: boolean;
  /** Tokens of the context the choice was scored after (a BOS included), where the scorer split the tokens itself. */
  contextTokens?: number;
}

/** lm-evaluation-harness's per-item figures. */
export interface MultipleChoiceFigures {
  /** 1 when the choice with the highest summed log-probability is the answer. */
  acc: 0 | 1;
  /** 1 when the highest log-probability per byte of the choice text is the answer. */
  accNorm: 0 | 1;
  /** Softmax over the choices' summed log-probabilities, at the answer. */
  probCorrect: number;
  predicted: number;
  predictedNorm: number;
}

/** First index of the largest value, as numpy's argmax (ties go to the earlier choice). */
function argmax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if ((values[i] as number) > (values[best] as number)) best = i;
  return best;
}

/**
 * acc, acc_norm and the probability mass on the answer from each choice's summed log-probability.
 * acc_norm divides by the choice's length in UTF-8 bytes, without lm-eval's target delimiter
 * (lm-eval measures `doc_to_choice` texts, which carry none).
 */
export function multipleChoiceFigures(
  item: Pick<MultipleChoiceItem, 'choices' | 'answer'>,
  scores: readonly ChoiceScore[],
  delimiter = ' ',
): MultipleChoiceFigures {
  if (scores.length !== item.choices.length) throw new RangeError(`expected ${item.choices.length} choice scores, got ${scores.length}`);
  const lls = scores.map((s) => s.logprob);
  const bytes = item.choices.map((c) =>
    Math.max(1, new TextEncoder().encode(c.startsWith(delimiter) ? c.slice(delimiter.length) : c).length),
  );
  const predicted = argmax(lls);
  const predictedNorm = argmax(lls.map((ll, i) => ll / (bytes[i] as number)));
  const max = Math.max(...lls);
  const total = lls.reduce((sum, ll) => sum + Math.exp(ll - max), 0);
  return {
    acc: predicted === item.answer ? 1 : 0,
    accNorm: predictedNorm === item.answer ? 1 : 0,
    probCorrect: Math.exp((lls[item.answer] as number) - max) / total,
    predicted,
    predictedNorm,
  };
}

/**
 * lm-eval's context/continuation split (`_encode_pair`): trailing spaces of the context move to
 * the continuation, context + continuation are tokenized together, and the continuation's tokens
 * are whatever follows the context's own tokenization, so the boundary matches a tokenizer that
 * merges across it. `bos` is put before both when the model wants one.
 */
export function encodePair(
  tokenize: (text: string) => number[],
  context: string,
  continuation: string,
  bos: number | null,
): { context: number[]; continuation: number[] } {
  const spaces = context.length - context.trimEnd().length;
  const ctx = spaces > 0 ? context.slice(0, -spaces) : context;
  const cont = spaces > 0 ? context.slice(-spaces) + continuation : continuation;
  const prefix = bos === null ? [] : [bos];
  const whole = [...prefix, ...tokenize(ctx + cont)];
  const contextTokens = ctx === '' ? prefix : [...prefix, ...tokenize(ctx)];
  if (contextTokens.length === 0) throw new RangeError('an empty context needs a BOS token to condition on');
  return { context: contextTokens, continuation: whole.slice(contextTokens.length) };
}
