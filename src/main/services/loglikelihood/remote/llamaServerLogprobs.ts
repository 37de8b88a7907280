import type { ChoiceScore } from '../multipleChoice';
import { RemoteEngineError } from '../../remote/RemoteEngineError';
import { LoglikelihoodUnsupportedError } from './LoglikelihoodError';
import type { ScoringClient } from './ScoringClient';

/** Large enough that the biased token is always the one picked, small enough to stay an ordinary float. */
const FORCE = 1000;

interface TokenProb {
  id?: unknown;
  logprob?: unknown;
  top_logprobs?: { id?: unknown; logprob?: unknown }[];
}

/**
 * The log-probability of `target` after the token ids `prefix`, from llama-server, which has
 * no prompt log-probabilities (its `/v1/completions` refuses `echo`): one token is generated
 * after the prefix with `n_probs: 1`, and a logit bias forces it to be `target`. llama-server
 * reports the generated token's probability from the model's raw logits (the softmax over the
 * whole vocabulary, before the samplers and the bias) whenever `n_probs` > 0 and
 * `post_sampling_probs` is off, so the figure is exact. The top token it lists tells whether
 * `target` was the greedy pick; a reported probability above the top one would mean the bias
 * leaked into it, and fails rather than giving a wrong sum.
 */
export async function llamaServerTokenLogprob(
  client: ScoringClient,
  prefix: readonly number[],
  target: number,
  signal?: AbortSignal,
): Promise<{ logprob: number; top: boolean }> {
  const body = {
    model: client.spec.model,
    prompt: prefix,
    max_tokens: 1,
    n_probs: 1,
    post_sampling_probs: false,
    backend_sampling: false,
    temperature: 0,
    logit_bias: [[target, FORCE]],
    cache_prompt: true,
    stream: false,
  };
  const answer = (await client.post('/completions', body, { signal })) as {
    choices?: { logprobs?: { content?: TokenProb[] } | null }[];
  } | null;
  const first = answer?.choices?.[0]?.logprobs?.content?.[0];
  if (first === undefined) {
    throw new LoglikelihoodUnsupportedError(
      client.name,
      'it answered a completion with `n_probs` without the generated token’s log-probability (choices[0].logprobs.content); it may not be llama-server, or too old a one',
      'Set the endpoint’s dialect to the server it is, or score the GGUF file locally.',
    );
  }
  const topEntry = first.top_logprobs?.[0];
  if (first.id !== target || typeof first.logprob !== 'number' || typeof topEntry?.logprob !== 'number') {
    throw new RemoteEngineError(
      'protocol',
      `${client.name} did not return token ${target} with its log-probability when forced by logit_bias (it gave ${JSON.stringify(first.id)}); it cannot be scored this way.`,
    );
  }
  if (first.logprob > topEntry.logprob + 1e-4) {
    throw new RemoteEngineError(
      'protocol',
      `${client.name} reported a log-probability for token ${target} above its own top token's: the logit bias changed the reported probabilities, so they are not the model's.`,
    );
  }
  return { logprob: first.logprob, top: topEntry.id === target };
}

/** Each choice's continuation scored token by token with `llamaServerTokenLogprob` (the server's prompt cache keeps the shared prefix). */
export async function llamaServerScores(
  client: ScoringClient,
  pairs: readonly { context: number[]; continuation: number[] }[],
  signal?: AbortSignal,
): Promise<ChoiceScore[]> {
  const scores: ChoiceScore[] = [];
  for (const pair of pairs) {
    const tokens = [...pair.context, ...pair.continuation];
    let logprob = 0;
    let greedy = true;
    for (let k = pair.context.length; k < tokens.length; k++) {
      const one = await llamaServerTokenLogprob(client, tokens.slice(0, k), tokens[k] as number, signal);
      logprob += one.logprob;
      greedy &&= one.top;
    }
    scores.push({ logprob, tokens: pair.continuation.length, greedy });
  }
  return scores;
}
