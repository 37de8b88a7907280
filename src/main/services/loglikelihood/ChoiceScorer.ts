import type { ChoiceScore, MultipleChoiceItem } from './multipleChoice';

/**
 * Scores a multiple-choice item's choices on one model: each choice's summed log-probability
 * after the context, in the choices' order. Picked by model kind: a local model's inference
 * worker (`scoreChoicesLocal`), a remote endpoint that returns prompt log-probabilities
 * (`remoteChoiceScorer`). Throws when the model cannot score them; the run stores that as the
 * case's error.
 */
export type ChoiceScorer = (
  item: Pick<MultipleChoiceItem, 'context' | 'choices'>,
  options: { signal: AbortSignal },
) => Promise<ChoiceScore[]>;
