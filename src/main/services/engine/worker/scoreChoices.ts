import type { ChoiceScore, MultipleChoiceItem } from '../../loglikelihood/multipleChoice';
import { scoreChoicesLocal } from '../../loglikelihood/scoreChoicesLocal';
import type { ModelRuntime } from './ModelRuntime';

/** A log-likelihood item's choices scored on one of the runtime's sequences (see `scoreChoicesLocal`), which is free again afterwards. */
export async function scoreChoices(runtime: ModelRuntime, item: Pick<MultipleChoiceItem, 'context' | 'choices'>): Promise<ChoiceScore[]> {
  const sequence = await runtime.acquire();
  try {
    return await scoreChoicesLocal(runtime.model, sequence, item);
  } finally {
    runtime.release(sequence);
  }
}
