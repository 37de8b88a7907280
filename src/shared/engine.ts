import { z } from 'zod';

/** Compute backend for llama.cpp. `auto` picks the best GPU found, else the CPU. */
export const Backend = z.enum(['auto', 'cuda', 'metal', 'vulkan', 'cpu']);
export type Backend = z.infer<typeof Backend>;

/** KV cache element types llama.cpp accepts for keys and values. */
export const KvCacheType = z.enum(['f16', 'f32', 'bf16', 'q8_0', 'q4_0', 'q4_1', 'q5_0', 'q5_1']);
export type KvCacheType = z.infer<typeof KvCacheType>;

/** How a model is loaded: everything that changes speed or memory, none of it changes the model. */
export const LoadOptions = z
  .object({
    /** Compute backend; `auto` uses the best GPU available and falls back to the CPU. */
    backend: Backend.default('auto'),
    /** Layers to offload to the GPU: `auto` fits what memory allows, `max` all of them, or a count. */
    gpuLayers: z.union([z.literal('auto'), z.literal('max'), z.number().int().nonnegative()]).default('auto'),
    /** Context window in tokens (prompt plus generated text). */
    contextSize: z.number().int().min(16).max(1_048_576).default(2048),
    /** Tokens evaluated per batch during prompt processing; defaults to the context size. */
    batchSize: z.number().int().min(1).optional(),
    /**
     * CPU threads for generation. Unset is `auto`: at load the worker times a short generation with
     * 1, half the physical cores and all of them, and keeps the fastest (see `ThreadProbe`).
     */
    threads: z.number().int().min(1).max(1024).optional(),
    /** Flash attention: `auto` lets llama.cpp decide. */
    flashAttention: z.union([z.literal('auto'), z.boolean()]).default(false),
    /** Element type of the KV cache; f16 unless memory is tight. */
    kvCacheType: KvCacheType.default('f16'),
    /** Map the file instead of reading it into memory. */
    useMmap: z.boolean().default(true),
    /** Lock the weights in RAM so the OS cannot swap them out. */
    useMlock: z.boolean().default(false),
    /**
     * Parallel sequences in the context (throughput mode): that many cases generate at once,
     * batched together. 1 is latency mode: one case at a time, clean timings.
     */
    sequences: z.number().int().min(1).max(64).default(1),
    /**
     * How batched sequences are ordered for llama.cpp: `sequence-id` keeps each batch in one
     * sequence order so llama.cpp does not split it (measured 3-4x on an H100), `max-parallelism`
     * is node-llama-cpp's own order.
     */
    batchOrdering: z.enum(['sequence-id', 'max-parallelism']).default('sequence-id'),
  })
  .strict();
export type LoadOptions = z.output<typeof LoadOptions>;
export type LoadOptionsInput = z.input<typeof LoadOptions>;

/** The load options that change a memory estimate besides the context size (unset: the load defaults). */
export const MemoryEstimateOptions = LoadOptions.pick({
  kvCacheType: true,
  flashAttention: true,
  sequences: true,
  batchSize: true,
  useMmap: true,
})
  .partial()
  .strict();
export type MemoryEstimateOptions = z.input<typeof MemoryEstimateOptions>;

/** Sampling and stopping. Temperature 0 is greedy decoding, reproducible run to run. */
export const GenerationParams = z
  .object({
    /** 0 picks the most likely token every time (greedy). */
    temperature: z.number().min(0).max(5).default(0),
    topK: z.number().int().min(0).default(40),
    topP: z.number().min(0).max(1).default(0.95),
    minP: z.number().min(0).max(1).default(0),
    /** Penalty for repeating recent tokens; 1 (or off) is no penalty, as llama.cpp counts it. */
    repeatPenalty: z.number().min(0).max(10).default(1),
    /** How many recent tokens the repeat penalty looks at. */
    repeatLastN: z.number().int().min(0).default(64),
    /** Sampling seed; the same seed, model and prompt give the same output. */
    seed: z.number().int().nonnegative().default(0),
    /** Upper bound on generated tokens. */
    maxTokens: z.number().int().min(1).max(1_000_000).default(256),
    /** Generation stops before the first of these strings; the string is not part of the output. */
    stop: z.array(z.string().min(1)).default([]),
  })
  .strict();
export type GenerationParams = z.output<typeof GenerationParams>;
export type GenerationParamsInput = z.input<typeof GenerationParams>;

export const ChatRole = z.enum(['system', 'user', 'assistant']);
export type ChatRole = z.infer<typeof ChatRole>;

export const ChatMessage = z.object({ role: ChatRole, content: z.string() }).strict();
export type ChatMessage = z.infer<typeof ChatMessage>;

/** What to generate from: raw text continued as is, or a conversation in the model's chat template. */
export const GenerationInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('completion'), prompt: z.string() }).strict(),
  z
    .object({
      kind: z.literal('chat'),
      messages: z.array(ChatMessage).min(1),
      /** `model` uses the template in the GGUF file; other names pick a built-in template. */
      template: z.string().default('model'),
    })
    .strict(),
]);
export type GenerationInput = z.output<typeof GenerationInput>;

/** Why generation ended. `eos`: the model said it was done; `max_tokens`: it was cut off. */
export const StopReason = z.enum(['eos', 'max_tokens', 'stop_sequence', 'context_full', 'cancelled']);
export type StopReason = z.infer<typeof StopReason>;

/** What one generation measured, inside the worker, as llama-bench and LM Studio define it. */
export const GenerationTimings = z.object({
  /** From the request to the first generated token, prompt evaluation included. */
  timeToFirstTokenMs: z.number().nonnegative().nullable(),
  promptTokens: z.number().int().nonnegative(),
  /** Prompt tokens ÷ time to first token. */
  promptTokensPerSecond: z.number().nonnegative().nullable(),
  generatedTokens: z.number().int().nonnegative(),
  /** Generated tokens after the first ÷ time after the first token; null under two tokens. */
  generationTokensPerSecond: z.number().nonnegative().nullable(),
  /**
   * The decode rate inside llama.cpp, by its own per-context counters (llama_perf_context's eval
   * time: single-token decodes ÷ their compute time, the unit of llama-bench's tg): what the
   * engine's figures would be with nothing above llama.cpp. Only where the case had its context to
   * itself (latency mode) and the counters were reachable (Evalbench's native addon); absent
   * otherwise, and for older results and remote endpoints.
   */
  llamaCppDecodeTokensPerSecond: z.number().nonnegative().optional(),
  totalMs: z.number().nonnegative(),
});
export type GenerationTimings = z.infer<typeof GenerationTimings>;

/** What sets the two generation rates apart, where a table shows both. */
export const DECODE_RATES_NOTE =
  "Generation is end to end, as a case saw it; decode inside llama.cpp is llama.cpp's own counters (single-token decodes ÷ their compute time), the measure llama-bench's tg publishes.";

/** Memory of the worker that ran a generation. */
export const WorkerMemory = z.object({
  /** Peak resident set of the worker process so far. */
  peakRssBytes: z.number().int().nonnegative(),
  rssBytes: z.number().int().nonnegative(),
  /** VRAM in use on the GPU as llama.cpp reports it; null on CPU. */
  vramUsedBytes: z.number().int().nonnegative().nullable(),
});
export type WorkerMemory = z.infer<typeof WorkerMemory>;

export const GenerationResult = z.object({
  text: z.string(),
  stopReason: StopReason,
  timings: GenerationTimings,
  memory: WorkerMemory,
});
export type GenerationResult = z.infer<typeof GenerationResult>;

/** One thread count tried by the load-time probe, and the generation speed it reached. */
export const ThreadTrial = z.object({
  threads: z.number().int().positive(),
  /** Generated tokens/s of the probe's short greedy generation, best of its tries. */
  tokensPerSecond: z.number().nonnegative(),
});
export type ThreadTrial = z.infer<typeof ThreadTrial>;

/** How `auto` threads were decided: what was tried, what was kept, and the kept count measured again. */
export const ThreadProbe = z.object({
  /** Each candidate count with its best speed, in the order first tried. */
  tried: z.array(ThreadTrial),
  chosen: z.number().int().positive(),
  /**
   * The chosen count timed again on the run's own context after the probe contexts were disposed;
   * null when that generation produced under two tokens.
   */
  confirmedTokensPerSecond: z.number().nonnegative().nullable(),
});
export type ThreadProbe = z.infer<typeof ThreadProbe>;

/** What loading actually gave, which may differ from what was asked (auto choices, fallbacks). */
export const LoadedModelInfo = z.object({
  backend: z.enum(['cuda', 'metal', 'vulkan', 'cpu']),
  gpuName: z.string().nullable(),
  layerCount: z.number().int().nonnegative(),
  gpuLayers: z.number().int().nonnegative(),
  contextSize: z.number().int().positive(),
  batchSize: z.number().int().positive(),
  threads: z.number().int().positive(),
  /** Set when threads were `auto`: the probe that chose them. Absent when the run set threads (and in older runs). */
  threadProbe: ThreadProbe.optional(),
  flashAttention: z.boolean(),
  /**
   * How greedy cases generate: Evalbench's native loop (one native call per chunk of tokens) or
   * node-llama-cpp's (two async native calls per token), and why. Sampled cases (temperature above
   * 0, repeat penalty) always use node-llama-cpp's. Absent in older runs.
   */
  generationLoop: z.object({ native: z.boolean(), note: z.string() }).optional(),
  trainContextSize: z.number().int().nonnegative(),
  hasChatTemplate: z.boolean(),
  llamaCppRelease: z.string(),
  nodeLlamaCppVersion: z.string(),
  loadMs: z.number().nonnegative(),
  /** The worker's RSS before the model was loaded (Node and llama.cpp themselves): peak minus this is what the model took. Absent in older runs. */
  rssBeforeLoadBytes: z.number().int().nonnegative().optional(),
  memory: WorkerMemory,
});
export type LoadedModelInfo = z.infer<typeof LoadedModelInfo>;
