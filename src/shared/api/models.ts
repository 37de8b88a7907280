import { z } from 'zod';
import { MemoryEstimateOptions } from '../engine';
import { KnownModelFolder, MemoryEstimate, ModelDownload, ModelInspection, ModelSummary } from '../models';
import { NoInput } from './common';

/** The model library and downloads (see `calls` in `../api`); the entities are in `../models`. */
export const modelCalls = {
  'models.list': { input: NoInput, output: z.array(ModelSummary) },
  /** Adds files and folders (searched recursively for .gguf); split models become one entry. */
  'models.add': {
    input: z.object({ paths: z.array(z.string().min(1)).min(1) }).strict(),
    output: z.object({ added: z.array(ModelSummary), skipped: z.array(z.object({ path: z.string(), reason: z.string() })) }),
  },
  /** Forgets a model; the file on disk is left alone. */
  'models.remove': { input: z.object({ id: z.string() }).strict(), output: z.null() },
  /** Reads and checks a file without adding it. */
  'models.inspect': { input: z.object({ path: z.string().min(1) }).strict(), output: ModelInspection },
  /** Folders where LM Studio, the Hugging Face cache and llama.cpp keep GGUF files, those that exist here. */
  'models.knownFolders': { input: NoInput, output: z.array(KnownModelFolder) },
  'models.estimateMemory': {
    input: z
      .object({ id: z.string(), contextSize: z.number().int().min(16).max(1_048_576), options: MemoryEstimateOptions.optional() })
      .strict(),
    output: MemoryEstimate,
  },
  /** Starts downloading a URL or `hf:owner/repo/file.gguf`; progress arrives as `models.downloads` events. */
  'models.download': {
    input: z.object({ reference: z.string().min(1), destDir: z.string().min(1).optional() }).strict(),
    output: ModelDownload,
  },
  'models.cancelDownload': { input: z.object({ id: z.string() }).strict(), output: z.null() },
  'models.downloads': { input: NoInput, output: z.array(ModelDownload) },
} as const;

export const modelEvents = {
  /** The whole library after any change (added, hashed, removed, found missing). */
  'models.changed': z.array(ModelSummary),
  /** Every download this session, on each progress step. */
  'models.downloads': z.array(ModelDownload),
  /** Something the library did on its own that the user should know, e.g. a copy it folded into a known model. */
  'models.notice': z.object({ message: z.string() }),
} as const;
