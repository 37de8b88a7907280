import type { ModelMetadata } from '../../../shared/models';
import { ggmlTypeInfo, ggmlTypeName, tensorByteSize } from '../gguf/ggmlTypes';
import type { GgufHeader } from '../gguf/GgufReader';
import { ggufArrayLength, ggufNumber, type GgufValue } from '../gguf/ggufValue';
import { fileTypeName } from './fileTypeNames';

function text(value: GgufValue | undefined): string | null {
  return value?.type === 'string' ? value.value : null;
}

function arrayLength(value: GgufValue | undefined): number | null {
  return value?.type === 'array' ? ggufArrayLength(value) : null;
}

function count(value: GgufValue | undefined): number | null {
  const n = ggufNumber(value);
  return n === undefined || !Number.isFinite(n) ? null : n;
}

/**
 * The model facts a researcher compares quantizations by, from the headers of all of a model's
 * parts (a split model keeps its metadata in part 1 and tensors in every part).
 */
export function readModelMetadata(headers: readonly GgufHeader[]): ModelMetadata {
  const first = headers[0];
  if (first === undefined) throw new Error('readModelMetadata needs at least one header.');
  const meta = first.metadata;
  const arch = text(meta.get('general.architecture'));
  const key = (name: string): GgufValue | undefined => (arch === null ? undefined : meta.get(`${arch}.${name}`));

  let parameterCount = 0;
  let tensorBytes = 0;
  let tensorCount = 0;
  const bytesByType = new Map<number, number>();
  for (const header of headers) {
    for (const tensor of header.tensors) {
      tensorCount += 1;
      const elements = tensor.shape.reduce((a, b) => a * b, 1);
      parameterCount += elements;
      const found = ggmlTypeInfo(tensor.type);
      if (found.kind === 'known') {
        const bytes = tensorByteSize(found.info, tensor.shape);
        tensorBytes += bytes;
        bytesByType.set(tensor.type, (bytesByType.get(tensor.type) ?? 0) + bytes);
      }
    }
  }
  const dominant = [...bytesByType.entries()].sort((a, b) => b[1] - a[1])[0];
  const fileType = count(meta.get('general.file_type'));
  const embedding = count(key('embedding_length'));
  const heads = count(key('attention.head_count'));

  return {
    architecture: arch,
    name: text(meta.get('general.name')),
    parameterCount,
    fileType: fileType === null ? null : fileTypeName(fileType),
    dominantTensorType: dominant === undefined ? null : ggmlTypeName(dominant[0]),
    bitsPerWeight: parameterCount > 0 && tensorBytes > 0 ? (tensorBytes * 8) / parameterCount : null,
    contextLength: count(key('context_length')),
    layerCount: count(key('block_count')),
    embeddingLength: embedding,
    headCount: heads,
    headCountKv: count(key('attention.head_count_kv')) ?? heads,
    vocabularySize: count(key('vocab_size')) ?? arrayLength(meta.get('tokenizer.ggml.tokens')),
    tokenizer: text(meta.get('tokenizer.ggml.model')),
    chatTemplate: text(meta.get('tokenizer.chat_template')),
    ggufVersion: first.version,
    tensorCount,
    tensorBytes,
  };
}
