import { z } from 'zod';

/** One finding about a model file, from Evalbench's own check before llama.cpp ever sees it. */
export const ModelProblem = z.object({
  code: z.string(),
  severity: z.enum(['error', 'warning']),
  /** Names the file and what is wrong. */
  message: z.string(),
  /** What to do about it. */
  hint: z.string(),
});
export type ModelProblem = z.infer<typeof ModelProblem>;

/** What the GGUF header says about a model, read without loading the weights. */
export const ModelMetadata = z.object({
  architecture: z.string().nullable(),
  /** `general.name`, as the model's author wrote it. */
  name: z.string().nullable(),
  parameterCount: z.number().int().nonnegative(),
  /** The file type llama-quantize recorded (`general.file_type`), e.g. `Q4_K_M`. */
  fileType: z.string().nullable(),
  /** The tensor type holding most of the weight bytes, e.g. `Q4_K`. */
  dominantTensorType: z.string().nullable(),
  /** Tensor data bits ÷ parameters. */
  bitsPerWeight: z.number().nonnegative().nullable(),
  /** Context length the model was trained for. */
  contextLength: z.number().int().nonnegative().nullable(),
  layerCount: z.number().int().nonnegative().nullable(),
  embeddingLength: z.number().int().nonnegative().nullable(),
  headCount: z.number().int().nonnegative().nullable(),
  headCountKv: z.number().int().nonnegative().nullable(),
  vocabularySize: z.number().int().nonnegative().nullable(),
  /** `tokenizer.ggml.model`, e.g. `llama` (SentencePiece) or `gpt2` (BPE). */
  tokenizer: z.string().nullable(),
  /** The Jinja chat template in the file, if any. */
  chatTemplate: z.string().nullable(),
  ggufVersion: z.number().int(),
  tensorCount: z.number().int().nonnegative(),
  tensorBytes: z.number().int().nonnegative(),
});
export type ModelMetadata = z.infer<typeof ModelMetadata>;

/** Where a model is in the library's life cycle. */
export const ModelStatus = z.enum(['hashing', 'ready', 'invalid', 'missing']);
export type ModelStatus = z.infer<typeof ModelStatus>;

/** A GGUF model file (or a split model's parts) known to the library. */
/** A folder where another tool (LM Studio, the Hugging Face cache, llama.cpp) keeps GGUF files, found on this machine. */
export const KnownModelFolder = z.object({
  source: z.enum(['LM Studio', 'Hugging Face cache', 'llama.cpp cache', 'node-llama-cpp']),
  path: z.string(),
  /** .gguf files in it (a split model counts once). */
  ggufFiles: z.number().int().nonnegative(),
  /** False when the folder was too large to count in full; `ggufFiles` is then a lower bound. */
  countComplete: z.boolean(),
});
export type KnownModelFolder = z.infer<typeof KnownModelFolder>;

export const ModelSummary = z.object({
  id: z.string(),
  name: z.string(),
  /** The file to load: the only file, or part 1 of a split model. */
  path: z.string(),
  parts: z.array(z.string()),
  sizeBytes: z.number().int().nonnegative(),
  /** Content hash over every part; null while it is still being computed. */
  sha256: z.string().nullable(),
  status: ModelStatus,
  /** 0–1 while hashing. */
  hashProgress: z.number().min(0).max(1).nullable(),
  metadata: ModelMetadata.nullable(),
  problems: z.array(ModelProblem),
  addedAt: z.string(),
});
export type ModelSummary = z.infer<typeof ModelSummary>;

/** The result of looking at a file without adding it. */
export const ModelInspection = z.object({
  path: z.string(),
  parts: z.array(z.string()),
  sizeBytes: z.number().int().nonnegative(),
  metadata: ModelMetadata.nullable(),
  problems: z.array(ModelProblem),
});
export type ModelInspection = z.infer<typeof ModelInspection>;

/** Memory a model needs at a context size, against what this machine has. */
export const MemoryEstimate = z.object({
  contextSize: z.number().int().positive(),
  weightsBytes: z.number().int().nonnegative(),
  kvCacheBytes: z.number().int().nonnegative(),
  /** Compute and output buffers for one batch, plus the runtime's own code and bookkeeping. */
  computeBytes: z.number().int().nonnegative(),
  totalBytes: z.number().int().nonnegative(),
  machineRamBytes: z.number().int().nonnegative(),
  machineFreeRamBytes: z.number().int().nonnegative(),
  /** NVIDIA GPUs found (empty without one); with all layers offloaded the model needs `totalBytes` of VRAM, less the CPU's repacked copy of weights that `weightsBytes` counts. */
  gpus: z.array(
    z.object({ name: z.string(), vramTotalBytes: z.number().int().nonnegative(), vramFreeBytes: z.number().int().nonnegative() }),
  ),
  /** Whether everything fits on the GPU with the most free VRAM; null without a GPU. */
  gpuFits: z.enum(['yes', 'tight', 'no']).nullable(),
  /** `no` when it exceeds total RAM, `tight` when it exceeds what is free now. */
  fits: z.enum(['yes', 'tight', 'no']),
  message: z.string(),
});
export type MemoryEstimate = z.infer<typeof MemoryEstimate>;

/** A download in progress or finished. */
export const ModelDownload = z.object({
  id: z.string(),
  reference: z.string(),
  file: z.string().nullable(),
  receivedBytes: z.number().int().nonnegative(),
  totalBytes: z.number().int().nonnegative().nullable(),
  bytesPerSecond: z.number().nonnegative(),
  state: z.enum(['downloading', 'done', 'failed', 'cancelled']),
  error: z.string().nullable(),
  /** The library entry once the download finished. */
  modelId: z.string().nullable(),
});
export type ModelDownload = z.infer<typeof ModelDownload>;
