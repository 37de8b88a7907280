import { checkHyperparameters } from './checkHyperparameters';
import { checkVocabulary } from './checkVocabulary';
import type { GgufHeader } from './GgufReader';
import type { GgufProblem } from './ggufProblem';
import { HINTS, ModelKeys } from './ModelKeys';

const MAX_LISTED = 8;
const TOP_LEVEL = new Set([
  'token_embd.weight',
  'output_norm.weight',
  'output.weight',
  'rope_freqs.weight',
  'rope_factors_long.weight',
  'rope_factors_short.weight',
]);

type Shape = readonly number[];

/**
 * Checks what llama.cpp's `llama` architecture needs beyond the generic hyperparameters: the
 * keys whose absence aborts the process (feed_forward_length, attention.head_count), the rest of
 * its keys with the types llama.cpp insists on, the vocabulary, and every tensor the block count
 * implies, with its shape.
 */
export function checkLlamaModel(header: GgufHeader, label: string): GgufProblem[] {
  const keys = new ModelKeys(header, label, 'llama');
  const { nEmbd, nLayer, nExpert } = checkHyperparameters(keys);
  const nFf = keys.perLayer('feed_forward_length', nLayer, 'aborts');
  const nHead = keys.perLayer('attention.head_count', nLayer, 'aborts');
  const nHeadKv = keys.perLayer('attention.head_count_kv', nLayer, 'optional') ?? nHead;
  keys.f32('attention.layer_norm_rms_epsilon', 'required');

  const head = nHead?.[0];
  if (nHead?.some((h) => h === 0))
    keys.add(
      'error',
      'bad-key-value',
      '"llama.attention.head_count" is 0 for some layer; llama.cpp cannot load a model without attention heads',
    );
  if (nHead && nHeadKv && nHeadKv.some((kv, i) => kv === 0 || (nHead[i] ?? 0) % kv !== 0)) {
    keys.add('error', 'bad-key-value', '"llama.attention.head_count_kv" must be at least 1 and divide "llama.attention.head_count"');
  }
  const headK = keys.u32('attention.key_length', 'optional') ?? (nEmbd !== undefined && head ? Math.floor(nEmbd / head) : undefined);
  const headV = keys.u32('attention.value_length', 'optional') ?? headK;
  const nRot = keys.u32('rope.dimension_count', 'optional');
  if (nRot !== undefined && headK !== undefined && nRot !== headK) {
    keys.add(
      'error',
      'bad-key-value',
      `"llama.rope.dimension_count" is ${nRot} but each attention head has ${headK} dimensions; llama.cpp refuses the file ("invalid n_rot")`,
    );
  }

  const vocab = checkVocabulary(header, label, true);
  const problems = [...keys.problems, ...vocab.problems];

  if (
    nEmbd === undefined ||
    nLayer === undefined ||
    !nFf ||
    !nHead ||
    !nHeadKv ||
    headK === undefined ||
    headV === undefined ||
    vocab.tokenCount === undefined
  ) {
    return problems;
  }
  const expected = new Map<string, Shape>();
  const optional = new Map<string, Shape>();
  expected.set('token_embd.weight', [nEmbd, vocab.tokenCount]);
  expected.set('output_norm.weight', [nEmbd]);
  optional.set('output.weight', [nEmbd, vocab.tokenCount]); // absent: llama.cpp reuses token_embd (tied embeddings)
  const tensorNames = new Set(header.tensors.map((t) => t.name));
  for (let i = 0; i < nLayer; i++) {
    const ff = nFf[i] ?? 0;
    const q = headK * (nHead[i] ?? 0);
    const k = headK * (nHeadKv[i] ?? 0);
    const v = headV * (nHeadKv[i] ?? 0);
    const blk = (name: string): string => `blk.${i}.${name}.weight`;
    expected.set(blk('attn_norm'), [nEmbd]);
    if (tensorNames.has(blk('attn_qkv'))) {
      expected.set(blk('attn_qkv'), [nEmbd, q + k + v]);
    } else {
      expected.set(blk('attn_q'), [nEmbd, q]);
      expected.set(blk('attn_k'), [nEmbd, k]);
      expected.set(blk('attn_v'), [nEmbd, v]);
    }
    expected.set(blk('attn_output'), [q, nEmbd]);
    expected.set(blk('ffn_norm'), [nEmbd]);
    if (nExpert === 0) {
      expected.set(blk('ffn_gate'), [nEmbd, ff]);
      expected.set(blk('ffn_down'), [ff, nEmbd]);
      expected.set(blk('ffn_up'), [nEmbd, ff]);
    } else {
      expected.set(blk('ffn_gate_inp'), [nEmbd, nExpert]);
      optional.set(blk('ffn_gate_exps'), [nEmbd, ff, nExpert]);
      expected.set(blk('ffn_down_exps'), [ff, nEmbd, nExpert]);
      expected.set(blk('ffn_up_exps'), [nEmbd, ff, nExpert]);
    }
  }
  problems.push(...checkTensors(header, label, expected, optional, nLayer));
  return problems;
}

function sameShape(a: Shape, b: Shape): boolean {
  // llama.cpp treats missing trailing dimensions as 1.
  for (let i = 0; i < 4; i++) if ((a[i] ?? 1) !== (b[i] ?? 1)) return false;
  return true;
}

function checkTensors(
  header: GgufHeader,
  label: string,
  expected: Map<string, Shape>,
  optional: Map<string, Shape>,
  nLayer: number,
): GgufProblem[] {
  const present = new Map(header.tensors.map((t) => [t.name, t.shape]));
  const missing = [...expected.keys()].filter((name) => !present.has(name));
  const problems: GgufProblem[] = [];
  if (missing.length > 0) {
    const listed = missing
      .slice(0, MAX_LISTED)
      .map((n) => `"${n}"`)
      .join(', ');
    const more = missing.length > MAX_LISTED ? ` and ${missing.length - MAX_LISTED} more` : '';
    problems.push({
      code: 'missing-tensor',
      severity: 'error',
      message: `${label}: missing tensor${missing.length > 1 ? 's' : ''} ${listed}${more} (expected for ${nLayer} layers); llama.cpp cannot load it`,
      hint: `The file is incomplete or was converted for a different architecture. ${HINTS.rebuild}`,
    });
  }
  for (const [name, shape] of present) {
    const want = expected.get(name) ?? optional.get(name);
    if (want && !sameShape(want, shape)) {
      problems.push({
        code: 'bad-tensor-shape',
        severity: 'error',
        message: `${label}: tensor "${name}" has shape [${shape.join(', ')}], but the metadata implies [${want.join(', ')}]`,
        hint: `The metadata and the weights disagree. ${HINTS.rebuild}`,
      });
    }
    const layer = /^blk\.(\d+)\./.exec(name)?.[1];
    if (!want && ((layer !== undefined && Number(layer) >= nLayer) || (layer === undefined && !TOP_LEVEL.has(name)))) {
      problems.push({
        code: 'unexpected-tensor',
        severity: 'warning',
        message: `${label}: tensor "${name}" does not belong to a ${nLayer}-layer llama model; llama.cpp may refuse the file ("wrong number of tensors")`,
        hint: 'Check "llama.block_count", or convert the model again.',
      });
    }
  }
  return problems;
}
