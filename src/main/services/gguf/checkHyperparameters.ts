import { ABORTS, HINTS, type ModelKeys } from './ModelKeys';
import { optionalFields } from '../../../shared/optionalFields';

const MAX_LAYERS = 512; // LLAMA_MAX_LAYERS
const MAX_EXPERTS = 1024; // LLAMA_MAX_EXPERTS

/** The architecture-independent hyperparameters llama.cpp reads for every model. */
export interface Hyperparameters {
  nEmbd?: number;
  /** Undefined when missing or out of range. */
  nLayer?: number;
  nExpert: number;
}

/**
 * Checks the keys llama.cpp's `load_hparams` reads for every architecture, under the
 * architecture's prefix (`${arch}.block_count`): the required ones, and the values its asserts
 * reject (a block count of 0 or above 512, impossible expert counts), which abort the process.
 */
export function checkHyperparameters(keys: ModelKeys): Hyperparameters {
  keys.u32('context_length', 'required');
  const nEmbd = keys.u32('embedding_length', 'required');
  let nLayer = keys.u32('block_count', 'required');
  if (nLayer !== undefined && (nLayer < 1 || nLayer > MAX_LAYERS)) {
    keys.add('error', 'bad-key-value', `"${keys.key('block_count')}" is ${nLayer}, outside 1…${MAX_LAYERS}; ${ABORTS}`, HINTS.refuse);
    nLayer = undefined;
  }
  const nExpert = keys.u32('expert_count', 'optional') ?? 0;
  const nExpertUsed = Math.max(0, ...(keys.perLayer('expert_used_count', nLayer, 'optional') ?? [0]));
  if (nExpert > MAX_EXPERTS || nExpertUsed > nExpert || (nExpert > 0 && nExpertUsed === 0)) {
    keys.add('error', 'bad-key-value', `${nExpertUsed} of ${nExpert} experts used per token is impossible; ${ABORTS}`, HINTS.refuse);
  }
  return { ...optionalFields({ nEmbd, nLayer }), nExpert };
}
