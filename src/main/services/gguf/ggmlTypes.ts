/** The tensor types this project writes (ids as in ggml's `enum ggml_type`). */
export const GgmlType = {
  F32: 0,
  F16: 1,
  Q4_0: 2,
  Q8_0: 8,
} as const;

/** A tensor type GgufWriter can encode from float32 values. */
export type WritableGgmlType = (typeof GgmlType)[keyof typeof GgmlType];

/** Block layout of one ggml tensor type: `blockSize` values take `typeSize` bytes. */
export interface GgmlTypeInfo {
  id: number;
  name: string;
  blockSize: number;
  typeSize: number;
}

const QK_K = 256;

// Sizes from ggml's type traits (ggml.c / ggml-common.h) of the llama.cpp that node-llama-cpp 3.22 bundles.
const KNOWN: readonly (readonly [number, string, number, number])[] = [
  [0, 'F32', 1, 4],
  [1, 'F16', 1, 2],
  [2, 'Q4_0', 32, 18],
  [3, 'Q4_1', 32, 20],
  [6, 'Q5_0', 32, 22],
  [7, 'Q5_1', 32, 24],
  [8, 'Q8_0', 32, 34],
  [9, 'Q8_1', 32, 36],
  [10, 'Q2_K', QK_K, 84],
  [11, 'Q3_K', QK_K, 110],
  [12, 'Q4_K', QK_K, 144],
  [13, 'Q5_K', QK_K, 176],
  [14, 'Q6_K', QK_K, 210],
  [15, 'Q8_K', QK_K, 292],
  [16, 'IQ2_XXS', QK_K, 66],
  [17, 'IQ2_XS', QK_K, 74],
  [18, 'IQ3_XXS', QK_K, 98],
  [19, 'IQ1_S', QK_K, 50],
  [20, 'IQ4_NL', 32, 18],
  [21, 'IQ3_S', QK_K, 110],
  [22, 'IQ2_S', QK_K, 82],
  [23, 'IQ4_XS', QK_K, 136],
  [24, 'I8', 1, 1],
  [25, 'I16', 1, 2],
  [26, 'I32', 1, 4],
  [27, 'I64', 1, 8],
  [28, 'F64', 1, 8],
  [29, 'IQ1_M', QK_K, 56],
  [30, 'BF16', 1, 2],
  [34, 'TQ1_0', QK_K, 54],
  [35, 'TQ2_0', QK_K, 66],
  [39, 'MXFP4', 32, 17],
  [40, 'NVFP4', 64, 36],
  [41, 'Q1_0', 128, 18],
  [42, 'Q2_0', 64, 18],
];

/** Ids ggml once had and no longer loads from files (interleaved repacks are now done at load time). */
const REMOVED: ReadonlyMap<number, string> = new Map([
  [4, 'Q4_2'],
  [5, 'Q4_3'],
  [31, 'Q4_0_4_4'],
  [32, 'Q4_0_4_8'],
  [33, 'Q4_0_8_8'],
  [36, 'IQ4_NL_4_4'],
  [37, 'IQ4_NL_4_8'],
  [38, 'IQ4_NL_8_8'],
]);

const BY_ID: ReadonlyMap<number, GgmlTypeInfo> = new Map(
  KNOWN.map(([id, name, blockSize, typeSize]) => [id, { id, name, blockSize, typeSize }]),
);

/**
 * What is known about a ggml type id: its layout, or that it was removed from ggml (llama.cpp
 * rejects it), or nothing (newer than this table: its size cannot be checked).
 */
export function ggmlTypeInfo(id: number): { kind: 'known'; info: GgmlTypeInfo } | { kind: 'removed'; name: string } | { kind: 'unknown' } {
  const info = BY_ID.get(id);
  if (info) return { kind: 'known', info };
  const removed = REMOVED.get(id);
  return removed === undefined ? { kind: 'unknown' } : { kind: 'removed', name: removed };
}

/** Display name of a type id: `Q8_0`, or `type 77` when unknown. */
export function ggmlTypeName(id: number): string {
  const found = ggmlTypeInfo(id);
  return found.kind === 'known' ? found.info.name : found.kind === 'removed' ? found.name : `type ${id}`;
}

/**
 * Bytes taken by a tensor's data (without alignment padding), as ggml_nbytes computes it for a
 * contiguous tensor. `shape` is innermost-first; the innermost dimension must be a whole number of blocks.
 */
export function tensorByteSize(info: GgmlTypeInfo, shape: readonly number[]): number {
  const [rowLength = 1, ...rest] = shape;
  const rows = rest.reduce((a, b) => a * b, 1);
  return (rowLength / info.blockSize) * info.typeSize * rows;
}
