import path from 'node:path';
import { checkHyperparameters } from './checkHyperparameters';
import { checkKeyTypes } from './checkKeyTypes';
import { checkLlamaModel } from './checkLlamaModel';
import { checkVocabulary } from './checkVocabulary';
import { ggmlTypeInfo, tensorByteSize } from './ggmlTypes';
import { formatBytes, type GgufProblem } from './ggufProblem';
import { readGgufHeader, type GgufHeader } from './GgufReader';
import { ggufArrayLength } from './ggufValue';
import { ModelKeys } from './ModelKeys';
import { readGgufArrayItems } from './readGgufArrayItems';

const TOKEN_TYPES = 'tokenizer.ggml.token_type';

/** The outcome of checking a GGUF file before it is handed to llama.cpp. */
export interface GgufValidation {
  /** True when there is no error (warnings allowed): llama.cpp should load the file without aborting. */
  ok: boolean;
  filePath: string;
  problems: GgufProblem[];
  /** Present when the header could be read. */
  header?: GgufHeader;
}

function checkTensorData(header: GgufHeader, label: string): GgufProblem[] {
  const problems: GgufProblem[] = [];
  const unknownTypes = new Set<number>();
  let expectedOffset = 0;
  let outOfBounds = 0;
  for (const tensor of header.tensors) {
    const found = ggmlTypeInfo(tensor.type);
    if (found.kind === 'removed') {
      problems.push({
        code: 'unknown-tensor-type',
        severity: 'error',
        message: `${label}: tensor "${tensor.name}" uses ${found.name} (type ${tensor.type}), which llama.cpp no longer loads`,
        hint: 'Convert or quantise the model again with a current llama.cpp.',
      });
      return problems;
    }
    if (found.kind === 'unknown') {
      problems.push({
        code: 'unknown-tensor-type',
        severity: 'error',
        message: `${label}: tensor "${tensor.name}" has the unknown type ${tensor.type}; llama.cpp refuses the file ("invalid ggml type")`,
        hint: 'The file is damaged, or needs a newer llama.cpp than the one Evalbench bundles.',
      });
      // Without a size, later offsets cannot be predicted either.
      unknownTypes.add(tensor.type);
      continue;
    }
    const { info } = found;
    if ((tensor.shape[0] ?? 1) % info.blockSize !== 0) {
      problems.push({
        code: 'bad-tensor-shape',
        severity: 'error',
        message: `${label}: tensor "${tensor.name}" has rows of ${tensor.shape[0]} values, not whole ${info.name} blocks of ${info.blockSize}`,
        hint: 'The file is damaged or was written by a broken converter.',
      });
      continue;
    }
    const byteSize = tensorByteSize(info, tensor.shape);
    if (unknownTypes.size === 0 && tensor.offset !== expectedOffset) {
      problems.push({
        code: 'tensor-offset',
        severity: 'error',
        message: `${label}: tensor "${tensor.name}" starts at data offset ${formatBytes(tensor.offset)}, but llama.cpp expects ${formatBytes(expectedOffset)} (tensors must follow each other, each padded to ${header.alignment} bytes)`,
        hint: 'The file was written by a broken converter; convert the model again.',
      });
    }
    expectedOffset = tensor.offset + Math.ceil(byteSize / header.alignment) * header.alignment;
    const end = tensor.dataStart + byteSize;
    if (end > header.fileSize) {
      // A cut-short file puts every later tensor out of bounds too: name the first, count the rest.
      if (outOfBounds === 0) {
        problems.push({
          code: 'tensor-out-of-bounds',
          severity: 'error',
          message: `${label}: tensor "${tensor.name}" data ends at byte ${formatBytes(end)} but the file has ${formatBytes(header.fileSize)} bytes (truncated download?)`,
          hint: 'The file is incomplete. Download or copy it again.',
        });
      }
      outOfBounds += 1;
    }
  }
  const firstOutOfBounds = problems.find((p) => p.code === 'tensor-out-of-bounds');
  if (firstOutOfBounds && outOfBounds > 1) {
    firstOutOfBounds.message += `; ${outOfBounds - 1} more tensor${outOfBounds > 2 ? 's' : ''} after it ${outOfBounds > 2 ? 'are' : 'is'} cut off too`;
  }
  return problems;
}

/**
 * The header with the token types the vocabulary checks need (one per token) read, when the reader
 * left the "tokenizer.ggml.token_type" array in the file (over a million entries): on demand, and
 * only as many as there are tokens, so a hostile count costs nothing. Other headers come back as they are.
 */
async function tokenTypesRead(header: GgufHeader, filePath: string): Promise<GgufHeader> {
  const types = header.metadata.get(TOKEN_TYPES);
  const tokens = header.metadata.get('tokenizer.ggml.tokens');
  if (types?.type !== 'array' || types.lazy !== true || types.itemType !== 'i32' || tokens?.type !== 'array') return header;
  const items = await readGgufArrayItems(filePath, types, 0, Math.min(types.count, ggufArrayLength(tokens)));
  const metadata = new Map(header.metadata);
  metadata.set(TOKEN_TYPES, { type: 'array', itemType: 'i32', value: items as number[] });
  return { ...header, metadata };
}

/**
 * Checks a GGUF file before llama.cpp sees it: structure (magic, version, a header cut short),
 * every tensor's data inside the file, and for the `llama` architecture the metadata keys and
 * tensors whose absence makes llama.cpp fail or abort the process. Other architectures get the
 * structural checks, the generic `${arch}.context_length / embedding_length / block_count` and
 * vocabulary checks, and a warning that the rest was not checked. Never throws for a bad file.
 */
export async function validateGguf(filePath: string): Promise<GgufValidation> {
  const label = path.basename(filePath);
  const read = await readGgufHeader(filePath);
  if (!read.ok) return { ok: false, filePath, problems: [read.problem] };
  let header: GgufHeader;
  try {
    header = await tokenTypesRead(read.header, filePath);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      filePath,
      problems: [
        {
          code: 'file-unreadable',
          severity: 'error',
          message: `${label}: its token types cannot be read (${reason})`,
          hint: 'Check that the file is complete and not being written to.',
        },
      ],
    };
  }
  const problems = checkTensorData(header, label);

  const arch = header.metadata.get('general.architecture');
  problems.push(...checkKeyTypes(header, label, arch?.type === 'string' ? arch.value : undefined));
  if (arch === undefined || arch.type !== 'string') {
    problems.push({
      code: arch === undefined ? 'missing-key' : 'wrong-key-type',
      severity: 'error',
      message: `${label}: ${arch === undefined ? 'has no "general.architecture" key' : '"general.architecture" is not a string'}, so llama.cpp cannot tell what model this is`,
      hint: 'This is not a llama.cpp model file (perhaps a LoRA adapter or a vision projector); pick the model file itself.',
    });
  } else if (arch.value === 'llama') {
    problems.push(...checkLlamaModel(header, label));
  } else {
    const type = header.metadata.get('general.type');
    // Vision projectors and adapters carry no model hyperparameters: llama.cpp reads them differently.
    const isModel = arch.value !== 'clip' && !(type?.type === 'string' && type.value !== 'model');
    if (isModel) {
      const keys = new ModelKeys(header, label, arch.value);
      checkHyperparameters(keys);
      problems.push(...keys.problems, ...checkVocabulary(header, label, false).problems);
    }
    problems.push({
      code: 'unchecked',
      severity: 'warning',
      message: `${label}: architecture "${arch.value}": only the file structure, tensor bounds${isModel ? `, the generic "${arch.value}.*" sizes and the vocabulary` : ''} were checked (Evalbench checks every required key and tensor for "llama" only)`,
      hint: 'If loading fails, the llama.cpp log names the missing key or tensor.',
    });
  }
  return { ok: !problems.some((p) => p.severity === 'error'), filePath, problems, header: read.header };
}
