import type { RemoteEndpointSpec } from '../shared/remoteModel';
import { multipleChoiceFigures, type MultipleChoiceFigures, type MultipleChoiceItem } from '../main/services/loglikelihood/multipleChoice';
import {
  loglikelihoodErrorValue,
  openRemoteScoring,
  probeLoglikelihood,
  scoreChoicesRemote,
  type RemoteScoring,
} from '../main/services/loglikelihood/scoreChoicesRemote';

/**
 * Scores every item on a remote model of a run file: on the first of its endpoints that can
 * score log-likelihood (each is probed in turn; why the others cannot is printed), or null
 * after printing why none could, or why an item failed; null, printing nothing, once `signal`
 * fires (the request under way is aborted).
 */
export async function scoreRemoteLoglikelihood(
  label: string,
  endpoints: readonly RemoteEndpointSpec[],
  items: readonly MultipleChoiceItem[],
  context: { setFile: string; env: NodeJS.ProcessEnv; stderr: NodeJS.WritableStream; signal?: AbortSignal },
): Promise<MultipleChoiceFigures[] | null> {
  const { stderr } = context;
  let scoring: RemoteScoring | null = null;
  for (const spec of endpoints) {
    let candidate: RemoteScoring;
    try {
      candidate = openRemoteScoring(spec, { env: context.env });
    } catch (error) {
      stderr.write(`${label}: ${loglikelihoodErrorValue(error).message}\n`);
      continue;
    }
    const probe = await probeLoglikelihood(candidate, context.signal);
    if (context.signal?.aborted === true) return null;
    if (probe.ok) {
      scoring = candidate;
      break;
    }
    stderr.write(`${label}: ${probe.error.message}\n  ${probe.error.hint}\n`);
  }
  if (scoring === null) {
    stderr.write(`${label}: no endpoint of this model can score log-likelihood.\n`);
    return null;
  }
  const figures: MultipleChoiceFigures[] = [];
  for (const item of items) {
    try {
      figures.push(multipleChoiceFigures(item, await scoreChoicesRemote(scoring, item, context.signal)));
    } catch (error) {
      // Interrupted: the caller says so, not as this item's failure.
      if (context.signal?.aborted === true) return null;
      const value = loglikelihoodErrorValue(error);
      stderr.write(`${context.setFile}: item ${item.id} on ${label}: ${value.message}\n  ${value.hint}\n`);
      return null;
    }
  }
  return figures;
}
