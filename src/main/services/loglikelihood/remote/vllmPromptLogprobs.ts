import type { ChoiceScore } from '../multipleChoice';
import { RemoteEngineError } from '../../remote/RemoteEngineError';
import { completionChoices } from './completionChoices';
import { LoglikelihoodUnsupportedError } from './LoglikelihoodError';
import type { ScoringClient } from './ScoringClient';

/** One prompt position of vLLM's `prompt_logprobs`: by token id (as a JSON key), the prompt's token and the top ones. */
type PositionLogprobs = Record<string, { logprob?: unknown; rank?: unknown } | undefined> | null;

/**
 * vLLM's `prompt_logprobs` extension, for servers where `echo` is refused: each prompt (token
 * ids) in one request with `prompt_logprobs: 1` and one generated token, and for each choice
 * the log-probabilities of its continuation positions. vLLM returns at every position after
 * the first a map from token id to `{ logprob, rank, decoded_token }` that always holds the
 * prompt's own token, with `rank` 1 when it was the most likely.
 */
export async function promptLogprobScores(
  client: ScoringClient,
  pairs: readonly { context: number[]; continuation: number[] }[],
  signal?: AbortSignal,
): Promise<ChoiceScore[]> {
  const prompts = pairs.map((p) => [...p.context, ...p.continuation]);
  const body = { model: client.spec.model, prompt: prompts, max_tokens: 1, prompt_logprobs: 1, temperature: 0, stream: false };
  const choices = await completionChoices(client, body, signal);
  return pairs.map((pair, i) => {
    const positions = choices[i]?.prompt_logprobs;
    const prompt = prompts[i] ?? [];
    if (!Array.isArray(positions) || positions.length < prompt.length) {
      throw new LoglikelihoodUnsupportedError(
        client.name,
        'it answered a request with `prompt_logprobs` without the log-probabilities of the prompt tokens (choices[].prompt_logprobs)',
        'This needs vLLM 0.4 or later; or use `echo` with `logprobs` where the server offers it.',
      );
    }
    let logprob = 0;
    let greedy = true;
    for (let k = pair.context.length; k < prompt.length; k++) {
      const entry = (positions[k] as PositionLogprobs)?.[String(prompt[k])];
      if (typeof entry?.logprob !== 'number') {
        throw new RemoteEngineError(
          'protocol',
          `${client.name} gave no log-probability for the prompt token ${prompt[k]} at position ${k} in prompt_logprobs.`,
        );
      }
      logprob += entry.logprob;
      greedy &&= entry.rank === 1;
    }
    return { logprob, tokens: pair.continuation.length, greedy };
  });
}
