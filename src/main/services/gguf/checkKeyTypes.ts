import type { GgufHeader } from './GgufReader';
import type { GgufProblem } from './ggufProblem';
import { ggufTypeLabel, type GgufValueTypeName } from './ggufValue';
import { ABORTS, HINTS } from './ModelKeys';

/**
 * Optional keys llama.cpp reads (llama-model.cpp's load_hparams and load_stats, llama-vocab.cpp)
 * with the one type it accepts: its `get_key` throws "key … has wrong type" for any other (a u64
 * where it reads u32 included), so the file is refused. `%s` is the architecture. Required keys
 * and the per-layer ones are checked with their values elsewhere (checkHyperparameters, ModelKeys).
 */
const OPTIONAL_KEY_TYPES: readonly (readonly [string, GgufValueTypeName])[] = [
  ['general.name', 'string'],
  ['general.file_type', 'u32'],
  ['%s.vocab_size', 'u32'],
  ['%s.rope.freq_base', 'f32'],
  ['%s.rope.scale_linear', 'f32'],
  ['%s.rope.scaling.type', 'string'],
  ['%s.rope.scaling.factor', 'f32'],
  ['%s.rope.scaling.attn_factor', 'f32'],
  ['%s.rope.scaling.alpha', 'f32'],
  ['%s.rope.scaling.original_context_length', 'u32'],
  ['%s.rope.scaling.finetuned', 'bool'],
  ['%s.attention.layer_norm_epsilon', 'f32'],
  ['tokenizer.ggml.pre', 'string'],
  ['tokenizer.ggml.add_bos_token', 'bool'],
  ['tokenizer.ggml.add_eos_token', 'bool'],
  ['tokenizer.ggml.add_sep_token', 'bool'],
  ['tokenizer.ggml.add_space_prefix', 'bool'],
  ['tokenizer.ggml.remove_extra_whitespaces', 'bool'],
  ...[
    'bos',
    'eos',
    'eot',
    'eom',
    'unknown',
    'seperator',
    'padding',
    'mask',
    'prefix',
    'suffix',
    'middle',
    'fim_pre',
    'fim_suf',
    'fim_mid',
    'fim_pad',
    'fim_rep',
    'fim_sep',
  ].map((t) => [`tokenizer.ggml.${t}_token_id`, 'u32'] as const),
];

/** Epsilon keys a normalisation divides by: ggml asserts `eps >= 0` and aborts on NaN or a negative one. */
const EPSILON_KEYS = ['%s.attention.layer_norm_epsilon', '%s.attention.layer_norm_rms_epsilon'];

/**
 * What llama.cpp refuses about metadata whatever the architecture: an array of arrays anywhere
 * (its GGUF reader stops: "key has invalid GGUF type"), an optional key of the wrong type, and a
 * normalisation epsilon that is NaN or negative (GGML_ASSERT(eps >= 0.0f) kills the process).
 */
export function checkKeyTypes(header: GgufHeader, label: string, arch: string | undefined): GgufProblem[] {
  const problems: GgufProblem[] = [];
  const error = (code: GgufProblem['code'], message: string, hint: string = HINTS.rebuild): void => {
    problems.push({ code, severity: 'error', message: `${label}: ${message}`, hint });
  };
  for (const [key, value] of header.metadata) {
    if (value.type === 'array' && value.itemType === 'array') {
      error(
        'wrong-key-type',
        `"${key}" is an array of arrays, which llama.cpp's GGUF reader refuses ("invalid GGUF type"), so the file cannot be loaded`,
      );
    }
  }
  for (const [pattern, type] of OPTIONAL_KEY_TYPES) {
    if (pattern.includes('%s') && arch === undefined) continue;
    const key = pattern.replace('%s', arch ?? '');
    const value = header.metadata.get(key);
    if (value !== undefined && value.type !== type)
      error('wrong-key-type', `"${key}" is ${ggufTypeLabel(value)}, llama.cpp needs ${type} and refuses the file ("key has wrong type")`);
  }
  if (arch !== undefined) {
    for (const pattern of EPSILON_KEYS) {
      const key = pattern.replace('%s', arch);
      const value = header.metadata.get(key);
      if (value?.type === 'f32' && !(value.value >= 0))
        error('bad-key-value', `"${key}" is ${value.value}; ${ABORTS} (eps must be 0 or more)`, HINTS.refuse);
    }
  }
  return problems;
}
