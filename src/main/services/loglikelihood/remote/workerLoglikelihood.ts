import { RemoteEngineError } from '../../remote/RemoteEngineError';
import { WorkerLoglikelihoodResponse, type WorkerLoglikelihoodRequest } from '../../remote/worker/WorkerLoglikelihood';
import type { ChoiceScore, MultipleChoiceItem } from '../multipleChoice';
import type { ScoringClient } from './ScoringClient';

/**
 * An item's choices scored by an `evalbench worker` (`POST /v1/loglikelihood`), which runs the
 * same `scoreChoicesLocal` as a local run on its own copy of the model: the scores come back as
 * they are, in the choices' order. Throws a `RemoteEngineError` when the request fails or the
 * answer is not a score for each choice.
 */
export async function workerChoiceScores(
  client: ScoringClient,
  item: Pick<MultipleChoiceItem, 'context' | 'choices'>,
  signal: AbortSignal | undefined,
): Promise<ChoiceScore[]> {
  const body: WorkerLoglikelihoodRequest = { model: client.spec.model, context: item.context, choices: item.choices };
  const answer = WorkerLoglikelihoodResponse.safeParse(await client.post('/loglikelihood', body, { signal }));
  if (!answer.success) {
    const issue = answer.error.issues[0];
    throw new RemoteEngineError(
      'protocol',
      `${client.name} answered POST /loglikelihood with something that is not an Evalbench worker's scores (${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'unreadable'}).`,
    );
  }
  const { scores } = answer.data;
  if (scores.length !== item.choices.length) {
    throw new RemoteEngineError('protocol', `${client.name} scored ${scores.length} choices of an item that has ${item.choices.length}.`);
  }
  return scores.map((s) => ({
    logprob: s.logprob,
    tokens: s.tokens,
    greedy: s.greedy,
    ...(s.contextTokens === undefined ? {} : { contextTokens: s.contextTokens }),
  }));
}
