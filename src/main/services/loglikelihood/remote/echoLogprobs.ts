import type { ChoiceScore } from '../multipleChoice';
import { RemoteEngineError } from '../../remote/RemoteEngineError';
import { completionChoices } from './completionChoices';
import { LoglikelihoodUnsupportedError } from './LoglikelihoodError';
import type { ScoringClient } from './ScoringClient';

/** The legacy completions API's `logprobs` of one choice: one entry per token of the prompt (echoed) and of the answer. */
export interface LegacyLogprobs {
  tokens: string[];
  /** Null for the first prompt token, which nothing conditions. */
  tokenLogprobs: (number | null)[];
  /** The most likely tokens at each position, by text; null where the server gave none. */
  topLogprobs: (Record<string, number> | null)[] | null;
  /** Where each token starts in the choice's text, in characters (Unicode code points, as Python counts them). */
  textOffset: number[];
}

/**
 * Asks `/completions` to echo each prompt (text, or token ids) with the log-probability of every
 * prompt token (`echo: true`, `logprobs: 1`), all prompts in one request, and returns their
 * `logprobs` in prompt order. `maxTokens` 0 asks for nothing new; servers that refuse it take 1,
 * whose extra token the callers leave out. Throws `LoglikelihoodUnsupportedError` when the answer
 * has no prompt log-probabilities.
 */
export async function echoLogprobs(
  client: ScoringClient,
  prompts: readonly (string | readonly number[])[],
  maxTokens: 0 | 1,
  signal?: AbortSignal,
): Promise<LegacyLogprobs[]> {
  const body = { model: client.spec.model, prompt: prompts, echo: true, logprobs: 1, max_tokens: maxTokens, temperature: 0, stream: false };
  const choices = await completionChoices(client, body, signal);
  return choices.map((choice) => parseLegacy(client.name, choice.logprobs));
}

function parseLegacy(endpoint: string, value: unknown): LegacyLogprobs {
  const lp = value as { tokens?: unknown; token_logprobs?: unknown; top_logprobs?: unknown; text_offset?: unknown } | null | undefined;
  const tokens = lp?.tokens;
  const tokenLogprobs = lp?.token_logprobs;
  const textOffset = lp?.text_offset;
  if (
    !Array.isArray(tokens) ||
    !Array.isArray(tokenLogprobs) ||
    !Array.isArray(textOffset) ||
    tokens.length !== tokenLogprobs.length ||
    tokens.length !== textOffset.length
  ) {
    throw new LoglikelihoodUnsupportedError(
      endpoint,
      'it answered a request with `echo: true` and `logprobs` without per-token log-probabilities of the prompt (logprobs.tokens, token_logprobs and text_offset)',
      'Serve the model with vLLM (echo or prompt_logprobs) or llama-server, and set the endpoint’s dialect; or score the GGUF file locally.',
    );
  }
  const top = Array.isArray(lp?.top_logprobs) ? (lp.top_logprobs as (Record<string, number> | null)[]) : null;
  return {
    tokens: tokens.map(String),
    tokenLogprobs: tokenLogprobs as (number | null)[],
    topLogprobs: top,
    textOffset: textOffset as number[],
  };
}

/** Whether the token at `k` was the most likely one there (within float noise), by the top log-probabilities; false where none came. */
function isTop(lp: LegacyLogprobs, k: number, logprob: number): boolean {
  const top = lp.topLogprobs?.[k];
  if (top === null || top === undefined) return false;
  const values = Object.values(top);
  return values.length > 0 && logprob >= Math.max(...values) - 1e-6;
}

function score(endpoint: string, lp: LegacyLogprobs, positions: readonly number[]): ChoiceScore {
  let logprob = 0;
  let greedy = true;
  for (const k of positions) {
    const value = lp.tokenLogprobs[k];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new RemoteEngineError(
        'protocol',
        `${endpoint} gave no log-probability for the continuation token ${JSON.stringify(lp.tokens[k])} (position ${k}).`,
      );
    }
    logprob += value;
    greedy &&= isTop(lp, k, value);
  }
  return { logprob, tokens: positions.length, greedy };
}

/** The continuation's score when the prompt was sent as token ids: positions `start` to `start + count - 1`, as lm-eval slices them. */
export function scoreByCount(endpoint: string, lp: LegacyLogprobs, start: number, count: number): ChoiceScore {
  if (lp.tokens.length < start + count) {
    throw new RemoteEngineError(
      'protocol',
      `${endpoint} echoed ${lp.tokens.length} tokens for a prompt of ${start + count}; it did not echo the whole prompt.`,
    );
  }
  return score(
    endpoint,
    lp,
    Array.from({ length: count }, (_, i) => start + i),
  );
}

/**
 * The continuation's score when the prompt was sent as text, found by character offsets:
 * the tokens that start at or after the boundary (`prompt` split at `boundary` UTF-16 units)
 * and before the prompt's end (a generated token starts there). A token that straddles the
 * boundary stays with the context, as in lm-eval's split, which counts the context's own tokens
 * (the context alone ends in that token's first part). A server whose echo starts with text
 * that is not in the prompt (the BOS shown as "<s>", SentencePiece's added leading space) is
 * allowed for: offsets are moved past it, and each is checked against the prompt.
 */
export function scoreByOffsets(endpoint: string, lp: LegacyLogprobs, prompt: string, boundary: number): ChoiceScore {
  const chars = Array.from(prompt);
  const cut = Array.from(prompt.slice(0, boundary)).length;
  const at = (k: number, shift: number): boolean =>
    chars.slice((lp.textOffset[k] ?? 0) - shift, (lp.textOffset[k] ?? 0) - shift + Array.from(lp.tokens[k] ?? '').length).join('') ===
    lp.tokens[k];
  const shift = promptStart(Array.from(lp.tokens.join('')), chars);
  if (shift < 0)
    throw new RemoteEngineError(
      'protocol',
      `${endpoint} echoed text that does not contain the prompt; its log-probabilities cannot be split at the context's end.`,
    );
  const positions: number[] = [];
  for (let k = 0; k < lp.tokens.length; k++) {
    const offset = (lp.textOffset[k] ?? 0) - shift;
    if (offset < cut || offset >= chars.length) continue;
    if (!at(k, shift)) {
      throw new RemoteEngineError(
        'protocol',
        `${endpoint} gave text offsets that do not match the prompt (token ${JSON.stringify(lp.tokens[k])} at ${lp.textOffset[k]}); its log-probabilities cannot be split at the context's end.`,
      );
    }
    positions.push(k);
  }
  if (positions.length === 0)
    throw new RangeError(`the choice ${JSON.stringify(prompt.slice(boundary))} has no tokens of its own after the context`);
  return score(endpoint, lp, positions);
}

/** Where the prompt starts in the echoed text (within its first few characters), or -1. */
function promptStart(echoed: readonly string[], prompt: readonly string[]): number {
  for (let s = 0; s <= Math.min(16, echoed.length - prompt.length); s++) {
    if (prompt.every((ch, i) => echoed[s + i] === ch)) return s;
  }
  return -1;
}
