import fs from 'node:fs/promises';
import type { ControlledEvaluateInputItem, Token } from 'node-llama-cpp';
import type { FidelityChunkRequest, FidelityChunkResult } from '../protocol';
import type { ModelRuntime } from './ModelRuntime';

/** Log-probabilities of the whole vocabulary from raw logits, in double precision: z − logsumexp(z). */
export function logSoftmax(logits: Float64Array): Float64Array {
  let max = -Infinity;
  for (const z of logits) if (z > max) max = z;
  let sum = 0;
  for (const z of logits) sum += Math.exp(z - max);
  const lse = max + Math.log(sum);
  const out = new Float64Array(logits.length);
  for (let i = 0; i < logits.length; i++) out[i] = (logits[i] ?? 0) - lse;
  return out;
}

/** KL(base ‖ candidate) = Σ p_base (log p_base − log p_cand), every term kept at full precision. */
export function klDivergence(baseLogprobs: Float32Array | Float64Array, candidateLogprobs: Float64Array): number {
  let kld = 0;
  for (let i = 0; i < baseLogprobs.length; i++) {
    const lb = baseLogprobs[i] ?? -Infinity;
    if (lb === -Infinity) continue;
    kld += Math.exp(lb) * (lb - (candidateLogprobs[i] ?? -Infinity));
  }
  return kld;
}

function argmax(values: Float64Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if ((values[i] ?? -Infinity) > (values[best] ?? -Infinity)) best = i;
  return best;
}

/**
 * Evaluates one chunk from an empty KV cache and scores positions firstScored…n−2, each
 * predicting the next token, as llama-perplexity does. The base model stores its
 * log-probabilities (float32, 4 bytes × vocabulary per position) for the candidate to compare.
 */
export function fidelityChunk(runtime: ModelRuntime, request: FidelityChunkRequest): Promise<FidelityChunkResult> {
  const { tokens, firstScored } = request;
  const last = tokens.length - 2;
  return runtime.withSequence(async (sequence) => {
    await sequence.clearHistory();
    const input: ControlledEvaluateInputItem[] = tokens.map((t, i) =>
      i >= firstScored && i <= last ? [t as Token, { generateNext: { logits: true } }] : (t as Token),
    );
    const outputs = await sequence.controlledEvaluate(input);
    await sequence.clearHistory();
    // The logits map covers the whole vocabulary.
    const vocabularySize = outputs[firstScored]?.next.logits?.size ?? 0;
    if (vocabularySize === 0) throw new Error('the model returned no logits');
    const result: FidelityChunkResult = { nll: [], top: [], targetProbability: [], vocabularySize };
    const baseVectors = request.role === 'candidate' ? await readBase(request, vocabularySize, last - firstScored + 1) : null;
    const toWrite: Float32Array[] = [];
    if (baseVectors !== null) Object.assign(result, { kld: [], deltaP: [], sameTop: [], baseNll: [] });
    for (let i = firstScored; i <= last; i++) {
      const logits = outputs[i]?.next.logits;
      if (logits === undefined) throw new Error(`no logits came back for position ${i}`);
      const z = new Float64Array(vocabularySize).fill(-Infinity);
      for (const [token, value] of logits) z[token as number] = value;
      const logprobs = logSoftmax(z);
      const target = tokens[i + 1] ?? 0;
      const lp = logprobs[target] ?? -Infinity;
      result.nll.push(-lp);
      result.top.push(argmax(logprobs));
      result.targetProbability.push(Math.exp(lp));
      if (baseVectors === null) {
        toWrite.push(Float32Array.from(logprobs));
      } else {
        const base = baseVectors[i - firstScored];
        if (base === undefined) throw new Error('the base log-probabilities file is shorter than the candidate’s chunks');
        const baseLp = base[target] ?? -Infinity;
        result.kld?.push(klDivergence(base, logprobs));
        result.deltaP?.push(Math.exp(lp) - Math.exp(baseLp));
        result.sameTop?.push(argmax(Float64Array.from(base)) === argmax(logprobs));
        result.baseNll?.push(-baseLp);
      }
    }
    if (toWrite.length > 0) await writeBase(request, vocabularySize, toWrite);
    return result;
  });
}

async function writeBase(request: FidelityChunkRequest, vocabularySize: number, vectors: Float32Array[]): Promise<void> {
  const handle = await fs.open(request.logprobsFile, request.positionOffset === 0 ? 'w' : 'r+');
  try {
    const bytes = vocabularySize * 4;
    for (const [k, v] of vectors.entries())
      await handle.write(new Uint8Array(v.buffer, v.byteOffset, v.byteLength), 0, bytes, (request.positionOffset + k) * bytes);
  } finally {
    await handle.close();
  }
}

async function readBase(request: FidelityChunkRequest, vocabularySize: number, count: number): Promise<Float32Array[]> {
  const handle = await fs.open(request.logprobsFile, 'r');
  try {
    const bytes = vocabularySize * 4;
    const buffer = Buffer.alloc(bytes * count);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, request.positionOffset * bytes);
    if (bytesRead < buffer.length)
      throw new Error(`${request.logprobsFile} ends early: the base model's run is incomplete or used another vocabulary`);
    return Array.from({ length: count }, (_, k) => new Float32Array(buffer.buffer, buffer.byteOffset + k * bytes, vocabularySize));
  } finally {
    await handle.close();
  }
}
