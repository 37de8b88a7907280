import type { ChoiceScore, MultipleChoiceItem } from '../../loglikelihood/multipleChoice';
import { scoreChoicesLocal } from '../../loglikelihood/scoreChoicesLocal';
import type { ModelRuntime } from './ModelRuntime';

/**
 * A log-likelihood item's choices scored on one of the runtime's sequences (see `scoreChoicesLocal`),
 * which is free again afterwards; `signal` (the engine's cancel) stops it between forward passes.
 */
export async function scoreChoices(
  runtime: ModelRuntime,
  item: Pick<MultipleChoiceItem, 'context' | 'choices'>,
  signal: AbortSignal,
): Promise<ChoiceScore[]> {
  return runtime.withSequence((sequence) => scoreChoicesLocal(runtime.model, sequence, item, signal));
}
