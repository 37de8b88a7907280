import type { GgufHeader } from './GgufReader';
import type { GgufProblem } from './ggufProblem';
import { ggufArrayLength, ggufTypeLabel } from './ggufValue';

const BYTE_TOKEN = /^<0x[0-9A-F]{2}>$/;
const TOKEN_TYPE_BYTE = 6;
/** The tokenizer models llama.cpp's llama_vocab::load accepts; any other throws "unknown tokenizer". */
const TOKENIZER_MODELS: ReadonlySet<string> = new Set([
  'no_vocab',
  'none',
  'llama',
  'bert',
  'gpt2',
  'hybriddna',
  'whitespace',
  't5',
  'rwkv',
  'test',
  'plamo2',
  'gemma4',
]);
const REBUILD = 'Convert the model again with a current llama.cpp, or use a different download.';

/**
 * Checks the tokenizer metadata that llama.cpp reads for every architecture. A repeated token makes
 * llama.cpp abort the process; short score or type arrays make it refuse the file; byte tokens not
 * typed as bytes make generated text show literal `<0xC3>` pieces.
 * `required`: whether a missing tokenizer is an error (it is for llama).
 */
export function checkVocabulary(header: GgufHeader, label: string, required: boolean): { problems: GgufProblem[]; tokenCount?: number } {
  const problems: GgufProblem[] = [];
  const meta = header.metadata;
  const error = (code: GgufProblem['code'], message: string, hint = REBUILD): void => {
    problems.push({ code, severity: 'error', message: `${label}: ${message}`, hint });
  };
  const warn = (code: GgufProblem['code'], message: string, hint = REBUILD): void => {
    problems.push({ code, severity: 'warning', message: `${label}: ${message}`, hint });
  };

  const model = meta.get('tokenizer.ggml.model');
  if (model === undefined) {
    if (required) error('missing-key', 'the required key "tokenizer.ggml.model" is missing, so llama.cpp cannot pick a tokenizer');
  } else if (model.type !== 'string') {
    error('wrong-key-type', `"tokenizer.ggml.model" is ${ggufTypeLabel(model)}, llama.cpp needs a string`);
  } else if (!TOKENIZER_MODELS.has(model.value)) {
    error(
      'bad-key-value',
      `"tokenizer.ggml.model" is ${JSON.stringify(model.value)}, a tokenizer llama.cpp does not know ("unknown tokenizer"), so it refuses the file`,
      `llama.cpp knows ${[...TOKENIZER_MODELS].join(', ')}. ${REBUILD}`,
    );
  }
  const tokensValue = meta.get('tokenizer.ggml.tokens');
  if (tokensValue === undefined) {
    if (required) error('missing-key', 'the required key "tokenizer.ggml.tokens" (the vocabulary) is missing');
    return { problems };
  }
  if (tokensValue.type !== 'array' || tokensValue.itemType !== 'string') {
    error('wrong-key-type', `"tokenizer.ggml.tokens" is ${ggufTypeLabel(tokensValue)}, llama.cpp needs an array of string`);
    return { problems };
  }
  const tokens = tokensValue.value;
  const n = tokens.length;

  const firstId = new Map<string, number>();
  for (let id = 0; id < n; id++) {
    const token = tokens[id] ?? '';
    if (token === '') continue; // llama.cpp renames empty tokens, so they cannot clash
    const earlier = firstId.get(token);
    if (earlier !== undefined) {
      error(
        'bad-vocabulary',
        `the vocabulary has the token ${JSON.stringify(token)} twice (ids ${earlier} and ${id}); llama.cpp would abort the whole process (GGML_ASSERT) loading it`,
      );
      break;
    }
    firstId.set(token, id);
  }

  const scores = meta.get('tokenizer.ggml.scores');
  if (scores !== undefined) {
    if (scores.type !== 'array' || (scores.itemType !== 'f32' && scores.itemType !== 'i32')) {
      error('wrong-key-type', `"tokenizer.ggml.scores" is ${ggufTypeLabel(scores)}, llama.cpp needs an array of f32 or i32`);
    } else if (ggufArrayLength(scores) < n) {
      error('bad-vocabulary', `"tokenizer.ggml.scores" has ${ggufArrayLength(scores)} entries for ${n} tokens`);
    }
  }

  const types = meta.get('tokenizer.ggml.token_type');
  let typeValues: readonly number[] | undefined;
  if (types !== undefined) {
    if (types.type !== 'array' || types.itemType !== 'i32') {
      error('wrong-key-type', `"tokenizer.ggml.token_type" is ${ggufTypeLabel(types)}, llama.cpp needs an array of i32`);
    } else if (ggufArrayLength(types) < n) {
      error('bad-vocabulary', `"tokenizer.ggml.token_type" has ${ggufArrayLength(types)} entries for ${n} tokens`);
    } else {
      // validateGguf reads the entries a vocabulary needs from an array left in the file (tokenTypesRead) before this runs.
      typeValues = types.lazy === true ? undefined : types.value;
    }
  }

  if (model?.type === 'string' && model.value === 'llama') {
    if (scores === undefined)
      warn('missing-key', '"tokenizer.ggml.scores" is missing: the SentencePiece tokenizer has no merge priorities and splits words badly');
    if (types === undefined)
      warn('missing-key', '"tokenizer.ggml.token_type" is missing: byte tokens like <0xC3> will show up literally in generated text');
    let byteTokens = 0;
    let untyped = 0;
    for (let id = 0; id < n; id++) {
      if (!BYTE_TOKEN.test(tokens[id] ?? '')) continue;
      byteTokens++;
      if (typeValues !== undefined && typeValues[id] !== TOKEN_TYPE_BYTE) untyped++;
    }
    if (untyped > 0)
      warn(
        'bad-vocabulary',
        `${untyped} byte tokens (<0x00>…<0xFF>) are not typed as bytes (6): generated text will show them literally, like <0xC3>`,
      );
    if (byteTokens < 256)
      warn(
        'bad-vocabulary',
        `only ${byteTokens} of the 256 byte tokens <0x00>…<0xFF> are in the vocabulary: text with other characters may fail to tokenize`,
      );
  }

  for (const key of ['tokenizer.ggml.bos_token_id', 'tokenizer.ggml.eos_token_id']) {
    const value = meta.get(key);
    if (value === undefined) {
      warn('missing-key', `"${key}" is missing; llama.cpp falls back to a default that may be wrong for this vocabulary`);
    } else if (value.type !== 'u32') {
      error('wrong-key-type', `"${key}" is ${ggufTypeLabel(value)}, llama.cpp needs u32`);
    } else if (value.value >= n) {
      warn('bad-vocabulary', `"${key}" is ${value.value}, past the end of the ${n}-token vocabulary; llama.cpp ignores it`);
    }
  }
  return { problems, tokenCount: n };
}
