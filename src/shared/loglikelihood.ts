import { z } from 'zod';

/** A log-likelihood multiple-choice case as a run stores it: the choices and the right one. Its context is the case's completion input. */
export const RunChoices = z.object({
  /** Continuations, each scored after the context as written (usually with a leading space). */
  choices: z.array(z.string()).min(2),
  /** Index of the right choice. */
  answer: z.number().int().nonnegative(),
});
export type RunChoices = z.infer<typeof RunChoices>;

/** What a model gave one choice: the summed log-probability of its tokens given the context. */
export const StoredChoiceScore = z.object({
  logprob: z.number(),
  /** Tokens of the continuation after lm-eval's context/continuation split. */
  tokens: z.number().int().nonnegative(),
  /** Whether every continuation token was the model's greedy pick (lm-eval's `is_greedy`). */
  greedy: z.boolean(),
  /**
   * Tokens of the context the choice was scored after (a BOS included): what the choice cost
   * beyond its own tokens. Absent where the scorer did not split the tokens itself (an endpoint
   * that echoes text) and in results stored before it was recorded.
   */
  contextTokens: z.number().int().nonnegative().optional(),
});

/**
 * One model's answer to a log-likelihood case: every choice's log-likelihood and lm-evaluation-
 * harness's figures from them (see `multipleChoiceFigures`).
 */
export const LoglikelihoodResult = z.object({
  choices: z.array(StoredChoiceScore),
  /** 1 when the choice with the highest summed log-probability is the answer. */
  acc: z.union([z.literal(0), z.literal(1)]),
  /** 1 when the choice with the highest log-probability per UTF-8 byte is the answer. */
  accNorm: z.union([z.literal(0), z.literal(1)]),
  /** Softmax over the choices' summed log-probabilities, at the answer. */
  probCorrect: z.number().min(0).max(1),
  /** The choice picked by `acc`, and by `acc_norm`. */
  predicted: z.number().int().nonnegative(),
  predictedNorm: z.number().int().nonnegative(),
  /** Time to score every choice, as the run saw it (the requests included). */
  totalMs: z.number().nonnegative(),
});
export type LoglikelihoodResult = z.infer<typeof LoglikelihoodResult>;

/**
 * What a right answer looks like, for people: a generated case's expected answers, or the right
 * choice of a log-likelihood case (which has no expected answers of its own).
 */
export function expectedAnswers(testCase: { expected: readonly string[]; loglikelihood?: RunChoices | undefined }): readonly string[] {
  const ll = testCase.loglikelihood;
  if (ll === undefined) return testCase.expected;
  const right = ll.choices[ll.answer];
  return right === undefined ? [] : [right];
}

/** How a cancelled scoring's message begins, in the worker and wherever its refusal is read back. */
export const SCORING_CANCELLED = 'Log-likelihood scoring was cancelled';
