import crypto from 'node:crypto';
import type { GenerationInput, GenerationParams, LoadOptions } from '../../../shared/engine';

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/**
 * What decides an output: the model's content, the load options that change the arithmetic
 * (backend, offload, context, batch, flash attention, KV cache type, parallel sequences), what
 * the model is asked, and every sampling parameter including the seed. Threads, mmap and mlock
 * change speed, not the output, so they are left out.
 */
export function resultCacheKey(modelSha256: string, load: LoadOptions, input: GenerationInput, params: GenerationParams): string {
  const { backend, gpuLayers, contextSize, batchSize, flashAttention, kvCacheType, sequences } = load;
  const material = canonical({
    v: 1,
    model: modelSha256,
    load: { backend, gpuLayers, contextSize, batchSize: batchSize ?? null, flashAttention, kvCacheType, sequences },
    input,
    params,
  });
  return crypto.createHash('sha256').update(JSON.stringify(material)).digest('hex');
}
