import crypto from 'node:crypto';
import {
  GenerationParams,
  LoadOptions,
  type GenerationInput,
  type GenerationParamsInput,
  type GenerationResult,
  type LoadedModelInfo,
  type LoadOptionsInput,
  type WorkerMemory,
} from '../../../shared/engine';
import type { ChoiceScore } from '../loglikelihood/multipleChoice';
import type { FidelityChunkRequest, FidelityChunkResult, LoadEstimate } from './protocol';
import { WorkerError, WorkerHandle } from './WorkerHandle';
import type { WorkerLauncher } from './WorkerProcess';

/** Checks a model file before any worker sees it; returns readable problems, empty when fine. */
export type ModelFileCheck = (modelPath: string) => Promise<string[]>;

export interface EngineOptions {
  workerScript: string;
  launch: WorkerLauncher;
  /** Pre-load validation; llama.cpp aborts the whole process on some malformed files. */
  checkModelFile?: ModelFileCheck;
  /** How long the sizing worker waits for another estimate before it exits (its ~100 MB go back). */
  estimatorIdleMs?: number;
}

/** Long enough for a user typing context sizes in the Models page, short enough not to sit on memory. */
const ESTIMATOR_IDLE_MS = 60_000;

/** A model loaded in its own worker. */
export interface LoadedModel {
  id: string;
  modelPath: string;
  options: LoadOptions;
  info: LoadedModelInfo;
}

/** A model file that cannot be loaded, with the reasons; nothing was started for it. */
export class ModelFileError extends Error {
  constructor(
    readonly modelPath: string,
    readonly problems: string[],
  ) {
    super(problems.join('\n'));
    this.name = 'ModelFileError';
  }
}

/**
 * Loads models into crash-isolated workers and runs generations on them. A worker that dies
 * takes only its own model with it: the generation it was running fails with llama.cpp's last
 * log lines, and the model can be loaded again.
 */
export class Engine {
  private readonly loaded = new Map<string, { model: LoadedModel; worker: WorkerHandle }>();
  private estimator: Promise<WorkerHandle> | null = null;
  private estimating = 0;
  private estimatorIdle: NodeJS.Timeout | null = null;

  constructor(private readonly options: EngineOptions) {}

  /**
   * Loads a model into a worker of its own. `signal` ends a load under way by ending its worker
   * (a large model takes minutes, and workers ignore a terminal's Ctrl-C), with an `AbortError`.
   */
  async load(modelPath: string, options: LoadOptionsInput = {}, { signal }: { signal?: AbortSignal } = {}): Promise<LoadedModel> {
    const parsed = LoadOptions.parse(options);
    const problems = (await this.options.checkModelFile?.(modelPath)) ?? [];
    if (problems.length > 0) throw new ModelFileError(modelPath, problems);
    const cancelled = (): DOMException => new DOMException(`Loading ${modelPath} was cancelled.`, 'AbortError');
    // A function, not a property read: the signal changes under the awaits below.
    const aborted = (): boolean => signal?.aborted === true;
    if (aborted()) throw cancelled();
    const worker = await WorkerHandle.start(this.options.launch, this.options.workerScript);
    const onAbort = (): void => void worker.kill();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      if (aborted()) throw cancelled();
      const info = await worker.load(modelPath, parsed);
      const model: LoadedModel = { id: crypto.randomUUID(), modelPath, options: parsed, info };
      this.loaded.set(model.id, { model, worker });
      return model;
    } catch (error) {
      await worker.kill();
      throw aborted() ? cancelled() : error;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /**
   * What loading `modelPath` on the CPU with `options` would take, sized by llama.cpp in a worker
   * of its own that no model is loaded in, kept for the next estimate: a malformed file can abort
   * the process that reads it, and then only that worker goes. Files with problems are sized
   * too (a truncated download still has its header); llama.cpp's sizing falls back to
   * node-llama-cpp's heuristic where it cannot read the tensors.
   */
  async estimate(modelPath: string, options: LoadOptionsInput = {}): Promise<LoadEstimate> {
    const parsed = LoadOptions.parse(options);
    if (this.estimatorIdle !== null) clearTimeout(this.estimatorIdle);
    this.estimatorIdle = null;
    this.estimator ??= WorkerHandle.start(this.options.launch, this.options.workerScript);
    const started = this.estimator;
    this.estimating += 1;
    try {
      return await (await started).estimate(modelPath, parsed);
    } catch (error) {
      if (!(error instanceof WorkerError) || error.kind === 'crashed') {
        if (this.estimator === started) this.estimator = null;
      }
      throw error;
    } finally {
      this.estimating -= 1;
      if (this.estimating === 0) this.releaseEstimatorWhenIdle();
    }
  }

  /** Ends the sizing worker once no estimate has asked for it for a while. */
  private releaseEstimatorWhenIdle(): void {
    const estimator = this.estimator;
    if (estimator === null) return;
    this.estimatorIdle = setTimeout(() => {
      this.estimatorIdle = null;
      if (this.estimator !== estimator || this.estimating > 0) return;
      this.estimator = null;
      // A worker that already failed to start has nothing to end.
      void estimator.then(
        (worker) => worker.dispose(),
        () => undefined,
      );
    }, this.options.estimatorIdleMs ?? ESTIMATOR_IDLE_MS);
    this.estimatorIdle.unref();
  }

  list(): LoadedModel[] {
    return [...this.loaded.values()].filter((e) => e.worker.alive).map((e) => e.model);
  }

  async generate(
    modelId: string,
    input: GenerationInput,
    params: GenerationParamsInput = {},
    options: { signal?: AbortSignal; onText?: (text: string, tokens: number) => void } = {},
  ): Promise<GenerationResult> {
    const entry = this.entry(modelId);
    try {
      return await entry.worker.generate(input, GenerationParams.parse(params), options);
    } catch (error) {
      if (error instanceof WorkerError && error.kind === 'crashed') this.loaded.delete(modelId);
      throw error;
    }
  }

  tokenize(modelId: string, text: string): Promise<{ tokens: number[]; bos: number | null }> {
    return this.entry(modelId).worker.tokenize(text);
  }

  embed(modelId: string, texts: string[]): Promise<number[][]> {
    return this.entry(modelId).worker.embed(texts);
  }

  fidelityChunk(modelId: string, request: FidelityChunkRequest): Promise<FidelityChunkResult> {
    return this.entry(modelId).worker.fidelityChunk(request);
  }

  /**
   * Each choice's summed log-probability after the context, on a loaded model (see `scoreChoicesLocal`);
   * `signal` stops it between forward passes, with an `AbortError`.
   */
  scoreChoices(modelId: string, context: string, choices: string[], options: { signal?: AbortSignal } = {}): Promise<ChoiceScore[]> {
    return this.entry(modelId).worker.scoreChoices(context, choices, options);
  }

  /** The worker's memory now (peak RSS so far, RSS, VRAM), as a generation's result reports it. */
  memory(modelId: string): Promise<WorkerMemory> {
    return this.entry(modelId).worker.memory();
  }

  /** The worker's process id, for telemetry that samples it from outside. */
  pid(modelId: string): number | undefined {
    return this.entry(modelId).worker.pid;
  }

  async unload(modelId: string): Promise<void> {
    const entry = this.loaded.get(modelId);
    if (!entry) return;
    this.loaded.delete(modelId);
    await entry.worker.dispose();
  }

  /** For tests of crash handling: end a worker the hard way. */
  async killWorker(modelId: string): Promise<void> {
    await this.entry(modelId).worker.kill();
  }

  async dispose(): Promise<void> {
    const entries = [...this.loaded.keys()];
    const estimator = this.estimator;
    this.estimator = null;
    if (this.estimatorIdle !== null) clearTimeout(this.estimatorIdle);
    this.estimatorIdle = null;
    await Promise.all([
      ...entries.map((id) => this.unload(id)),
      estimator?.then(
        (worker) => worker.dispose(),
        () => undefined,
      ),
    ]);
  }

  private entry(modelId: string): { model: LoadedModel; worker: WorkerHandle } {
    const entry = this.loaded.get(modelId);
    if (!entry?.worker.alive) {
      this.loaded.delete(modelId);
      throw new WorkerError(
        `Model ${modelId} is not loaded (its worker stopped or it was unloaded); load it again.`,
        'failed',
        entry?.worker.recentLogs() ?? [],
      );
    }
    return entry;
  }
}
