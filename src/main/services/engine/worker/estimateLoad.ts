import { GgmlType, GgufInsights, getLlama, LlamaLogLevel, readGgufFileInfo, type Llama } from 'node-llama-cpp';
import type { LoadOptions } from '../../../../shared/engine';
import type { LoadEstimate } from '../protocol';
import { cpuFeatures, cpuRepackBytes, type CpuFeatures } from './cpuRepack';
import { processMemory } from './processMemory';
import { optionalFields } from '../../../../shared/optionalFields';

// Bytes per element of each KV cache type (block bytes over block values), as llama.cpp sizes its cache.
const KV_TYPE: Record<LoadOptions['kvCacheType'], { ggml: GgmlType; bytesPerValue: number }> = {
  f32: { ggml: GgmlType.F32, bytesPerValue: 4 },
  f16: { ggml: GgmlType.F16, bytesPerValue: 2 },
  bf16: { ggml: GgmlType.BF16, bytesPerValue: 2 },
  q8_0: { ggml: GgmlType.Q8_0, bytesPerValue: 34 / 32 },
  q4_0: { ggml: GgmlType.Q4_0, bytesPerValue: 18 / 32 },
  q4_1: { ggml: GgmlType.Q4_1, bytesPerValue: 20 / 32 },
  q5_0: { ggml: GgmlType.Q5_0, bytesPerValue: 22 / 32 },
  q5_1: { ggml: GgmlType.Q5_1, bytesPerValue: 24 / 32 },
};
/** llama.cpp rounds the KV cache's cell count up to a multiple of 256. */
const KV_PADDING = 256;

// One CPU llama.cpp for every sizing in this worker, and the runtime share its first sizing
// measured (later ones find llama.cpp's code already paged in).
let sizingLlama: Promise<Llama> | null = null;
let runtimeShare = 0;

/**
 * What loading `modelPath` on the CPU with `options` will take, from node-llama-cpp's GgufInsights
 * (what `gpuLayers: 'auto'` decides with): it has llama.cpp size the model's and the context's
 * buffers without allocating them (KV cache of the given type, flash attention on or off, compute
 * buffers for the batch size), plus the CPU_REPACK copy llama.cpp makes of repackable weights,
 * which GgufInsights leaves out. Sizing loads the model's header into llama.cpp and creates the
 * context without buffers, so this worker's peak memory growth meanwhile is the runtime's share
 * of a real load (library code paged in, llama.cpp's bookkeeping): measured, not assumed.
 */
export async function estimateLoad(modelPath: string, options: LoadOptions, cpu: CpuFeatures = cpuFeatures()): Promise<LoadEstimate> {
  sizingLlama ??= getLlama({ gpu: false, build: 'never', logLevel: LlamaLogLevel.error });
  const llama = await sizingLlama;
  const before = processMemory().rssBytes;
  const fileInfo = await readGgufFileInfo(modelPath, { readTensorInfo: true });
  const insights = await GgufInsights.from(fileInfo, llama);
  const kv = KV_TYPE[options.kvCacheType];
  const model = await insights.estimateModelResourceRequirementsV2({ gpuLayers: 0, useMmap: options.useMmap });
  const context = await insights.estimateContextResourceRequirementsV2({
    contextSize: options.contextSize,
    modelGpuLayers: 0,
    sequences: options.sequences,
    ...optionalFields({ batchSize: options.batchSize }),
    flashAttention: options.flashAttention,
    kvCacheKeyType: kv.ggml,
    kvCacheValueType: kv.ggml,
    useMmap: options.useMmap,
  });
  const repackBytes = cpuRepackBytes(fileInfo.fullTensorInfo ?? fileInfo.tensorInfo ?? [], cpu);
  const kvCacheBytes = Math.min(context.cpuRam, kvCacheSize(fileInfo.architectureMetadata, options, kv.bytesPerValue));
  runtimeShare = Math.max(runtimeShare, processMemory().peakRssBytes - before);
  return { weightsBytes: model.cpuRam, repackBytes, kvCacheBytes, computeBytes: context.cpuRam - kvCacheBytes, runtimeBytes: runtimeShare };
}

interface AttentionMetadata {
  block_count?: number;
  embedding_length?: number;
  attention?: { head_count?: number | number[]; head_count_kv?: number | number[]; key_length?: number; value_length?: number };
}

/** Keys and values for every layer and cell: the part of the context's memory that grows with its size. */
function kvCacheSize(metadata: AttentionMetadata, options: LoadOptions, bytesPerValue: number): number {
  const layers = metadata.block_count ?? 0;
  const perLayer = (v: number | number[] | undefined, layer: number): number => (Array.isArray(v) ? (v[layer] ?? 0) : (v ?? 0));
  const cells = Math.ceil(options.contextSize / KV_PADDING) * KV_PADDING * options.sequences;
  let values = 0;
  for (let layer = 0; layer < layers; layer++) {
    const heads = perLayer(metadata.attention?.head_count, layer);
    const kvHeads = perLayer(metadata.attention?.head_count_kv, layer) || heads;
    const headSize = heads > 0 ? (metadata.embedding_length ?? 0) / heads : 0;
    values += cells * kvHeads * ((metadata.attention?.key_length ?? headSize) + (metadata.attention?.value_length ?? headSize));
  }
  return Math.round(values * bytesPerValue);
}
