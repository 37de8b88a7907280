import os from 'node:os';
import type { MemoryEstimate } from '../../../shared/models';
import type { LoadEstimate } from '../engine/protocol';

/**
 * Whether a model fits, from what llama.cpp says loading it will take (`Engine.estimate`:
 * node-llama-cpp's GgufInsights for the weights, the KV cache of the chosen type and the compute
 * buffers, plus the CPU backend's repacked copy of some weights). `weightsBytes` counts that copy;
 * a GPU holding every layer needs no copy. `computeBytes` includes the runtime's own share the
 * estimating worker measured (llama.cpp's code and bookkeeping).
 */
export function estimateMemory(
  load: LoadEstimate,
  contextSize: number,
  machine: { totalRam: number; freeRam: number; gpus?: MemoryEstimate['gpus'] } = { totalRam: os.totalmem(), freeRam: os.freemem() },
): MemoryEstimate {
  const whole = (n: number): number => Math.max(0, Math.round(n));
  const weightsBytes = whole(load.weightsBytes + load.repackBytes);
  const kvCacheBytes = whole(load.kvCacheBytes);
  const computeBytes = whole(load.computeBytes + load.runtimeBytes);
  const totalBytes = weightsBytes + kvCacheBytes + computeBytes;
  const offloadedBytes = totalBytes - whole(load.repackBytes);
  const gib = (n: number): string => (n >= 1024 ** 3 ? `${(n / 1024 ** 3).toFixed(1)} GiB` : `${(n / 1024 ** 2).toFixed(1)} MiB`);
  const fits = totalBytes > machine.totalRam ? 'no' : totalBytes > machine.freeRam ? 'tight' : 'yes';
  const gpus = machine.gpus ?? [];
  const best = [...gpus].sort((a, b) => b.vramFreeBytes - a.vramFreeBytes)[0];
  const gpuFits =
    best === undefined ? null : offloadedBytes > best.vramTotalBytes ? 'no' : offloadedBytes > best.vramFreeBytes ? 'tight' : 'yes';
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
