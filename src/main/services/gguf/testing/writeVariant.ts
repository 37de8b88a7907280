import { GgmlType } from '../ggmlTypes';
import { readGgufHeader, type GgufTensorInfo } from '../GgufReader';
import type { GgufValue } from '../ggufValue';
import { writeGguf } from '../GgufWriter';

/**
 * Writes a copy of a GGUF file with its metadata and tensor list edited, for tests of broken
 * models (a missing key, a missing tensor). Tensor data becomes F32 zeros.
 */
export async function writeVariant(
  source: string,
  target: string,
  edit: (metadata: Map<string, GgufValue>, tensors: GgufTensorInfo[]) => void,
): Promise<string> {
  const read = await readGgufHeader(source);
  if (!read.ok) throw new Error(read.problem.message);
  const { metadata, tensors } = read.header;
  edit(metadata, tensors);
  await writeGguf(
    target,
    metadata,
    tensors.map((t) => ({
      name: t.name,
      shape: t.shape,
      type: GgmlType.F32,
      data: () => new Float32Array(t.shape.reduce((a, b) => a * b, 1)),
    })),
  );
  return target;
}
