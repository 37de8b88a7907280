import fs from 'node:fs';

/** The CPU features that decide whether llama.cpp's CPU backend repacks a weight (ggml-cpu/repack.cpp). */
export interface CpuFeatures {
  arch: 'x64' | 'arm64' | 'other';
  avx2: boolean;
  avx512: boolean;
  /** ARM dot-product instructions (every Apple silicon and ARMv8.2+ server core). */
  dotprod: boolean;
}

/** A weight as the GGUF header lists it: dimensions innermost first, ggml type number. */
export interface WeightTensor {
  name: string;
  dimensions: readonly (number | bigint)[];
  ggmlType: number;
}

// ggml type numbers and their block layout (values per block, bytes per block) for the types repack.cpp handles.
const Q4_0 = 2;
const Q8_0 = 8;
const Q2_K = 10;
const Q4_K = 12;
const Q5_K = 13;
const Q6_K = 14;
const IQ4_NL = 20;
const MXFP4 = 39;
const BLOCKS: Record<number, { values: number; bytes: number }> = {
  [Q4_0]: { values: 32, bytes: 18 },
  [Q8_0]: { values: 32, bytes: 34 },
  [Q2_K]: { values: 256, bytes: 84 },
  [Q4_K]: { values: 256, bytes: 144 },
  [Q5_K]: { values: 256, bytes: 176 },
  [Q6_K]: { values: 256, bytes: 210 },
  [IQ4_NL]: { values: 32, bytes: 18 },
  [MXFP4]: { values: 32, bytes: 17 },
};

/**
 * The row multiple a weight of `type` needs to be repacked on this CPU, or null when it stays as
 * stored: ggml_repack_get_optimal_repack_type in the llama.cpp node-llama-cpp 3.22 bundles.
 */
function repackRowMultiple(type: number, cpu: CpuFeatures): number | null {
  if (cpu.arch === 'x64') {
    if (type === Q2_K) return cpu.avx512 ? 8 : null;
    if (type === Q4_0 || type === Q4_K || type === IQ4_NL || type === MXFP4) return cpu.avx2 ? 8 : null;
    return null;
  }
  if (cpu.arch === 'arm64' && cpu.dotprod) {
    if (type === Q4_0 || type === IQ4_NL || type === Q8_0 || type === MXFP4) return 4;
    if (type === Q4_K || type === Q5_K || type === Q6_K) return 8;
  }
  return null;
}

/**
 * Bytes of the CPU_REPACK buffer llama.cpp adds when it loads these weights on the CPU: a second,
 * interleaved copy of every matrix-multiplication weight of a repackable type (the token
 * embedding is only looked up, so it is not repacked). With mmap the original pages stay mapped
 * and resident too, so the copy comes on top of the file's weights.
 */
export function cpuRepackBytes(tensors: readonly WeightTensor[], cpu: CpuFeatures): number {
  let bytes = 0;
  for (const tensor of tensors) {
    if (tensor.name === 'token_embd.weight' || tensor.dimensions.length !== 2) continue;
    const multiple = repackRowMultiple(tensor.ggmlType, cpu);
    const block = BLOCKS[tensor.ggmlType];
    if (multiple === null || block === undefined) continue;
    const [columns, rows] = tensor.dimensions.map(Number) as [number, number];
    if (rows % multiple !== 0) continue;
    bytes += (columns / block.values) * block.bytes * rows;
  }
  return bytes;
}

/** This machine's features: /proc/cpuinfo's flags on Linux; elsewhere what every supported CPU of the architecture has. */
export function cpuFeatures(cpuinfo: string | null = readCpuinfo()): CpuFeatures {
  const arch = process.arch === 'x64' ? 'x64' : process.arch === 'arm64' ? 'arm64' : 'other';
  if (cpuinfo === null) return { arch, avx2: arch === 'x64', avx512: false, dotprod: arch === 'arm64' };
  const flags = new Set((/^(?:flags|Features)\s*:\s*(.*)$/m.exec(cpuinfo)?.[1] ?? '').split(/\s+/));
  return { arch, avx2: flags.has('avx2'), avx512: flags.has('avx512f'), dotprod: flags.has('asimddp') };
}

function readCpuinfo(): string | null {
  if (process.platform !== 'linux') return null;
  try {
    return fs.readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    // No procfs (a restricted container): fall back to the architecture's baseline above.
    return null;
  }
}
