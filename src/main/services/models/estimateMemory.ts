import os from 'node:os';
import type { MemoryEstimate, ModelMetadata } from '../../../shared/models';

const F16_BYTES = 2;
const LOGIT_BYTES = 4;
const BATCH = 512;

/**
 * What loading a model at `contextSize` will take, from its header alone: the weights as stored,
 * an f16 KV cache (keys and values for every layer and position), and the output and scratch
 * buffers of one batch. An estimate: llama.cpp's real figure differs by backend and options.
 */
export function estimateMemory(
  metadata: ModelMetadata,
  contextSize: number,
  machine: { totalRam: number; freeRam: number; gpus?: MemoryEstimate['gpus'] } = { totalRam: os.totalmem(), freeRam: os.freemem() },
): MemoryEstimate {
  const layers = metadata.layerCount ?? 0;
  const embedding = metadata.embeddingLength ?? 0;
  const heads = metadata.headCount ?? 0;
  const kvHeads = metadata.headCountKv ?? heads;
  const headDim = heads > 0 ? embedding / heads : 0;
  const kvCacheBytes = Math.round(2 * layers * contextSize * kvHeads * headDim * F16_BYTES);
  const vocab = metadata.vocabularySize ?? 0;
  const computeBytes = Math.round(Math.min(BATCH, contextSize) * (vocab * LOGIT_BYTES + embedding * 4 * 8));
  const weightsBytes = metadata.tensorBytes;
  const totalBytes = weightsBytes + kvCacheBytes + computeBytes;
  const gib = (n: number): string => (n >= 1024 ** 3 ? `${(n / 1024 ** 3).toFixed(1)} GiB` : `${(n / 1024 ** 2).toFixed(1)} MiB`);
  const fits = totalBytes > machine.totalRam ? 'no' : totalBytes > machine.freeRam ? 'tight' : 'yes';
  const gpus = machine.gpus ?? [];
  const best = [...gpus].sort((a, b) => b.vramFreeBytes - a.vramFreeBytes)[0];
  const gpuFits = best === undefined ? null : totalBytes > best.vramTotalBytes ? 'no' : totalBytes > best.vramFreeBytes ? 'tight' : 'yes';
  const gpuNote =
    best === undefined
      ? ''
      : gpuFits === 'yes'
        ? ` Fully offloaded it fits in ${best.name}'s ${gib(best.vramFreeBytes)} of free VRAM.`
        : ` Fully offloaded it would not fit in ${best.name}'s ${gib(best.vramFreeBytes)} of free VRAM: offload fewer layers.`;
  const ramMessage =
    fits === 'no'
      ? `Needs about ${gib(totalBytes)} at ${contextSize} tokens of context, more than this machine's ${gib(machine.totalRam)} of RAM: offload layers to a GPU or pick a smaller quantization or context.`
      : fits === 'tight'
        ? `Needs about ${gib(totalBytes)}; only ${gib(machine.freeRam)} of RAM is free now. Close other programs or expect swapping.`
        : `Needs about ${gib(totalBytes)} of the ${gib(machine.freeRam)} of RAM free now.`;
  return {
    contextSize,
    weightsBytes,
    kvCacheBytes,
    computeBytes,
    totalBytes,
    machineRamBytes: machine.totalRam,
    machineFreeRamBytes: machine.freeRam,
    gpus,
    gpuFits,
    fits,
    message: ramMessage + gpuNote,
  };
}
