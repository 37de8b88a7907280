import { buildCharVocab } from './charVocab';
import type { TrainSettings } from './trainer';

/** The skilled fixture's shape and training recipe. Changing any value changes the weights: retrain and commit them. */
export const SKILLED_SETTINGS: TrainSettings = {
  shape: { nVocab: buildCharVocab().tokens.length, nEmbd: 64, nLayer: 2, nHead: 4, nFf: 192, contextLength: 128 },
  seed: 20261206,
  steps: 2500,
  batch: 16,
  lr: 4e-3,
  minLr: 2e-4,
  warmup: 100,
  weightDecay: 0.01,
  clip: 1,
};
