import {
  getLlama,
  LlamaLogLevel,
  resolveChatWrapper,
  type BatchItem,
  type ChatHistoryItem,
  type Llama,
  type LlamaContext,
  type LlamaContextSequence,
  type LlamaEmbeddingContext,
  type LlamaModel,
  type Token,
} from 'node-llama-cpp';
import type { GenerationInput, GenerationParams, LoadedModelInfo, LoadOptions, WorkerMemory } from '../../../../shared/engine';
import { physicalCores } from '../../system/physicalCores';
import { ContextGate } from './ContextGate';
import { NativeDecodeLoop, sequenceIdOf } from './nativeDecodeLoop';
import { nodeLlamaCppVersion } from './nodeLlamaCppVersion';
import { processMemory } from './processMemory';
import { SequenceResets } from './sequenceReset';
import { sequenceOrderStrategy, shareSlots } from './sequenceOrderStrategy';
import { probeThreads, threadCandidates } from './threadProbe';
import { contextThreadTimer, probePrompt, timeShortGeneration } from './timeThreads';
import { optionalFields } from '../../../../shared/optionalFields';

/**
 * A model loaded in this worker, with its context's sequences: one in latency mode, several in
 * throughput mode, each running one case at a time.
 */
export class ModelRuntime {
  private readonly free: LlamaContextSequence[];
  private readonly waiting: ((sequence: LlamaContextSequence) => void)[] = [];

  private constructor(
    readonly llama: Llama,
    readonly model: LlamaModel,
    readonly context: LlamaContext,
    private readonly resets: SequenceResets,
    /** Greedy generation in native chunks (latency mode), or null where node-llama-cpp's loop is used. */
    readonly decodeLoop: NativeDecodeLoop | null,
    /** Keeps node-llama-cpp's decoding and the native loop's apart on the one context. */
    private readonly gate: ContextGate,
    sequences: LlamaContextSequence[],
  ) {
    this.free = sequences;
  }

  /**
   * Runs `use` on a free sequence through node-llama-cpp's own calls (log-likelihoods, fidelity,
   * sampled cases): the native loop does not decode meanwhile.
   */
  async withSequence<T>(use: (sequence: LlamaContextSequence) => Promise<T>): Promise<T> {
    const sequence = await this.acquire();
    try {
      return await this.throughNodeLlamaCpp(() => use(sequence));
    } finally {
      this.release(sequence);
    }
  }

  /** Runs `work`, which decodes through node-llama-cpp, once the native loop is not decoding. */
  async throughNodeLlamaCpp<T>(work: () => Promise<T>): Promise<T> {
    const leave = await this.gate.enter('node-llama-cpp');
    try {
      return await work();
    } finally {
      leave();
    }
  }

  /** A sequence to run one case on; waits while all are busy. */
  acquire(): Promise<LlamaContextSequence> {
    const sequence = this.free.pop();
    if (sequence !== undefined) return Promise.resolve(sequence);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Empties a sequence for a new case; in throughput mode without waiting for the other sequences. */
  resetSequence(sequence: LlamaContextSequence): Promise<void> {
    return this.context.totalSequences > 1 ? this.resets.reset(sequence) : sequence.clearHistory();
  }

  release(sequence: LlamaContextSequence): void {
    const next = this.waiting.shift();
    if (next) next(sequence);
    else this.free.push(sequence);
  }

  static async load(
    modelPath: string,
    options: LoadOptions,
    logger: (level: string, message: string) => void,
  ): Promise<{ runtime: ModelRuntime; info: Omit<LoadedModelInfo, 'memory'> }> {
    const started = performance.now();
    const llama = await getLlama({
      gpu: options.backend === 'cpu' ? false : options.backend,
      build: 'never',
      logLevel: LlamaLogLevel.warn,
      logger: (level, message) => logger(level, message),
    });
    const rssBeforeLoadBytes = processMemory().rssBytes;
    let model: LlamaModel | undefined;
    let loop: NativeDecodeLoop | null = null;
    try {
      model = await llama.loadModel({
        modelPath,
        gpuLayers: options.gpuLayers,
        useMmap: options.useMmap,
        useMlock: options.useMlock,
        defaultContextFlashAttention: options.flashAttention,
      });
      // `auto` threads are measured, not assumed: a count that loses to fewer threads (contention) is not kept.
      const candidates = threadCandidates(physicalCores());
      const probe =
        options.threads === undefined && candidates.length > 1
          ? await probeThreads(candidates, contextThreadTimer(model, options, llama.llamaCppRelease.release))
          : null;
      const threads = options.threads ?? probe?.chosen ?? physicalCores();
      let created: LlamaContext | null = null;
      const resets = new SequenceResets();
      const ordering =
        options.batchOrdering === 'sequence-id'
          ? sequenceOrderStrategy(() => created)
          : ({ items, size }: { items: readonly BatchItem[]; size: number }) => shareSlots(items, size);
      const context = await model.createContext({
        contextSize: options.contextSize,
        ...optionalFields({ batchSize: options.batchSize }),
        threads,
        flashAttention: options.flashAttention,
        sequences: options.sequences,
        // llama.cpp's own counters (the engine's decode rate beside the end-to-end one): two clock reads per decode.
        performanceTracking: true,
        ...(options.sequences > 1 ? { batching: { itemPrioritizationStrategy: resets.wrap(ordering) } } : {}),
        experimentalKvCacheKeyType: options.kvCacheType.toUpperCase() as Uppercase<LoadOptions['kvCacheType']>,
        experimentalKvCacheValueType: options.kvCacheType.toUpperCase() as Uppercase<LoadOptions['kvCacheType']>,
      });
      created = context;
      const sequences = Array.from({ length: context.totalSequences }, () => context.getSequence());
      const gate = new ContextGate();
      const decodeLoop = sequences.every((s) => sequenceIdOf(s) !== null)
        ? NativeDecodeLoop.open(model, context, llama.llamaCppRelease.release, gate)
        : { loop: null, note: `node-llama-cpp ${nodeLlamaCppVersion()} does not name its sequences as this build expects` };
      loop = decodeLoop.loop;
      const runtime = new ModelRuntime(llama, model, context, resets, loop, gate, sequences);
      const confirmedTokensPerSecond = probe === null ? null : await runtime.timeGeneration();
      const gpu = llama.gpu;
      const gpuNames = gpu === false ? [] : await llama.getGpuDeviceNames();
      const info: Omit<LoadedModelInfo, 'memory'> = {
        backend: gpu === false ? 'cpu' : gpu,
        gpuName: gpuNames.length > 0 ? gpuNames.join(', ') : null,
        layerCount: model.fileInsights.totalLayers,
        gpuLayers: model.gpuLayers,
        contextSize: context.contextSize,
        batchSize: context.batchSize,
        threads: context.currentThreads,
        ...(probe === null ? {} : { threadProbe: { ...probe, confirmedTokensPerSecond } }),
        flashAttention: context.flashAttention === true,
        generationLoop: { native: decodeLoop.loop !== null, note: decodeLoop.note },
        trainContextSize: model.trainContextSize,
        hasChatTemplate: typeof model.fileInfo.metadata.tokenizer.chat_template === 'string',
        llamaCppRelease: llama.llamaCppRelease.release,
        nodeLlamaCppVersion: nodeLlamaCppVersion(),
        loadMs: performance.now() - started,
        rssBeforeLoadBytes,
      };
      return { runtime, info };
    } catch (error) {
      await loop?.dispose();
      await model?.dispose();
      await llama.dispose();
      throw error;
    }
  }

  /** Generated tokens/s of a short greedy generation on this runtime's own context (the probe's measure). */
  timeGeneration(): Promise<number | null> {
    return this.withSequence((sequence) => timeShortGeneration(sequence, probePrompt(this.model), this.context.contextSize));
  }

  /** Prompt tokens for a case: BOS (when the model wants it) plus the text, or the chat template applied. */
  promptTokens(input: GenerationInput): { tokens: Token[]; stopTriggers: Token[][] } {
    if (input.kind === 'completion') {
      const bos = this.model.tokens.bos;
      const prefix = this.model.tokens.shouldPrependBosToken && bos !== null ? [bos] : [];
      return { tokens: [...prefix, ...this.model.tokenize(input.prompt)], stopTriggers: [] };
    }
    const wrapper =
      input.template === 'model' ? resolveChatWrapper(this.model) : resolveChatWrapper(this.model, { type: input.template as never });
    const history: ChatHistoryItem[] = input.messages.map((m) =>
      m.role === 'assistant' ? { type: 'model', response: [m.content] } : { type: m.role, text: m.content },
    );
    // The wrapper renders the conversation up to an open assistant turn.
    history.push({ type: 'model', response: [] });
    const state = wrapper.generateContextState({ chatHistory: history });
    return {
      tokens: state.contextText.tokenize(this.model.tokenizer),
      stopTriggers: state.stopGenerationTriggers
        .map((t) => t.tokenize(this.model.tokenizer, 'trimLeadingSpace'))
        .filter((t) => t.length > 0),
    };
  }

  private embeddingContext: Promise<LlamaEmbeddingContext> | null = null;

  /** Embedding vectors (the model's pooled hidden state), from a context made on first use. */
  async embed(texts: readonly string[]): Promise<number[][]> {
    this.embeddingContext ??= this.model.createEmbeddingContext({
      contextSize: this.context.contextSize,
      threads: this.context.currentThreads,
    });
    const context = await this.embeddingContext;
    const vectors: number[][] = [];
    for (const text of texts) vectors.push([...(await context.getEmbeddingFor(text)).vector]);
    return vectors;
  }

  async memory(): Promise<WorkerMemory> {
    const vram = this.llama.gpu === false ? null : (await this.llama.getVramState()).used;
    const { rssBytes, peakRssBytes } = processMemory();
    return { rssBytes, peakRssBytes, vramUsedBytes: vram };
  }

  samplingOptions(params: GenerationParams, sequence: LlamaContextSequence) {
    return {
      temperature: params.temperature,
      topK: params.topK,
      topP: params.topP,
      minP: params.minP,
      seed: params.seed,
      ...(params.repeatPenalty === 1 || params.repeatLastN === 0
        ? {}
        : { repeatPenalty: { punishTokens: () => sequence.contextTokens.slice(-params.repeatLastN), penalty: params.repeatPenalty } }),
    };
  }

  async dispose(): Promise<void> {
    if (this.embeddingContext !== null) await (await this.embeddingContext).dispose();
    await this.decodeLoop?.dispose();
    await this.context.dispose();
    await this.model.dispose();
    await this.llama.dispose();
  }
}
