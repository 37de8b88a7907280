import type { ChoiceScore, MultipleChoiceItem } from './multipleChoice';
import { echoLogprobs, scoreByCount, scoreByOffsets } from './remote/echoLogprobs';
import { llamaServerScores } from './remote/llamaServerLogprobs';
import { ensureCapability, type RemoteScoring } from './remote/probeLoglikelihood';
import { encodePairsRemote } from './remote/remoteTokens';
import { promptLogprobScores } from './remote/vllmPromptLogprobs';
import { workerChoiceScores } from './remote/workerLoglikelihood';

export { openRemoteScoring, probeLoglikelihood, type RemoteScoring, type ScoringMethod } from './remote/probeLoglikelihood';
export { loglikelihoodErrorValue, LoglikelihoodUnsupportedError, type RemoteLoglikelihoodError } from './remote/LoglikelihoodError';

/**
 * Scores each choice of an item on a remote endpoint as `scoreChoicesLocal` does on a local
 * model: the summed log-probability of the choice's tokens after the context, split as
 * lm-evaluation-harness splits them, read from the server's prompt log-probabilities (the way
 * the endpoint's first call found: `probeLoglikelihood`). The choices of one item go in one
 * request where the API takes a list of prompts (echo, prompt_logprobs); llama-server takes one
 * request per continuation token; an `evalbench worker` scores the whole item in one request
 * with its own copy of the model. Throws `LoglikelihoodUnsupportedError` when the endpoint
 * cannot give prompt log-probabilities, a `RemoteEngineError` when a request fails (after the
 * endpoint's retries), a `RangeError` for a choice with no tokens of its own, and an
 * `AbortError` when `signal` fires; `loglikelihoodErrorValue` turns any of them into a value.
 */
export async function scoreChoicesRemote(
  scoring: RemoteScoring,
  item: Pick<MultipleChoiceItem, 'context' | 'choices'>,
  signal?: AbortSignal,
): Promise<ChoiceScore[]> {
  const capability = await ensureCapability(scoring, signal);
  const { client } = scoring;
  // The worker splits and scores the item with its own model, as a local run does.
  if (capability.method === 'evalbench-worker') return workerChoiceScores(client, item, signal);
  if (capability.method === 'echo-text') {
    const split = item.choices.map((choice) => splitAtContext(item.context, choice));
    const logprobs = await echoLogprobs(
      client,
      split.map((s) => s.prompt),
      capability.maxTokens,
      signal,
    );
    return split.map((s, i) =>
      scoreByOffsets(
        client.name,
        logprobs[i] ?? { tokens: [], tokenLogprobs: [], topLogprobs: null, textOffset: [] },
        s.prompt,
        s.boundary,
      ),
    );
  }
  if (capability.tokenizer === null) throw new Error(`the ${capability.method} method needs the server's tokenizer`);
  const pairs = await encodePairsRemote(client, capability.tokenizer, capability.bos, item.context, item.choices, signal);
  pairs.forEach((pair, i) => {
    if (pair.continuation.length === 0)
      throw new RangeError(`the choice ${JSON.stringify(item.choices[i])} has no tokens of its own after the context`);
  });
  // Split here, so the context's tokens are known as they are for a local model.
  const withContext = (scores: ChoiceScore[]): ChoiceScore[] =>
    scores.map((s, i) => ({ ...s, contextTokens: pairs[i]?.context.length ?? 0 }));
  switch (capability.method) {
    case 'echo-token-ids': {
      const logprobs = await echoLogprobs(
        client,
        pairs.map((p) => [...p.context, ...p.continuation]),
        capability.maxTokens,
        signal,
      );
      return withContext(
        pairs.map((p, i) =>
          scoreByCount(
            client.name,
            logprobs[i] ?? { tokens: [], tokenLogprobs: [], topLogprobs: null, textOffset: [] },
            p.context.length,
            p.continuation.length,
          ),
        ),
      );
    }
    case 'prompt-logprobs':
      return withContext(await promptLogprobScores(client, pairs, signal));
    case 'llama-server-forced':
      return withContext(await llamaServerScores(client, pairs, signal));
    default:
      return capability.method satisfies never;
  }
}

/** The text prompt and where the continuation starts in it, with the context's trailing spaces moved to the continuation as `encodePair` moves them. */
function splitAtContext(context: string, choice: string): { prompt: string; boundary: number } {
  const ctx = context.trimEnd();
  return { prompt: context + choice, boundary: ctx.length };
}
