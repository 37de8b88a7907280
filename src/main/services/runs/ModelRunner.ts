import type {
  GenerationInput,
  GenerationParams,
  GenerationResult,
  LoadedModelInfo,
  LoadOptions,
  WorkerMemory,
} from '../../../shared/engine';
import type { Engine } from '../engine/Engine';
import type { ChoiceScorer } from '../loglikelihood/ChoiceScorer';
import type { ModelLibrary } from '../models/ModelLibrary';
import { optionalFields } from '../../../shared/optionalFields';

/** A model loaded for a run. */
export interface LoadedRunner {
  /** The worker process, for telemetry. */
  pid: number | undefined;
  /** What loading actually gave (backend, offloaded layers, threads), for the run's record. */
  info: LoadedModelInfo | null;
  generate(
    input: GenerationInput,
    params: GenerationParams,
    options: { signal: AbortSignal; onText?: (text: string) => void },
  ): Promise<GenerationResult>;
  /** Scores log-likelihood cases' choices; absent where the model cannot (its cases then fail saying so). */
  scoreChoices?: ChoiceScorer;
  /** The worker's memory now, for results that carry none of their own (log-likelihood cases). */
  memory?(): Promise<WorkerMemory>;
  unload(): Promise<void>;
}

/** How the orchestrator gets models: the engine in the app, a fake in unit tests. */
export interface ModelRunner {
  /** `signal` ends a load under way (a pause, a cancel, Ctrl-C), with an `AbortError`. */
  load(modelId: string, options: LoadOptions, signal?: AbortSignal): Promise<LoadedRunner>;
  /** Display name of a library model. */
  name(modelId: string): string;
  /** The model's content hash, for the result cache; null while unknown (still hashing, or remote). */
  contentHash?(modelId: string): string | null;
}

/** Library models run through the engine's crash-isolated workers. */
export function engineRunner(engine: Engine, library: ModelLibrary): ModelRunner {
  return {
    name: (modelId) => library.get(modelId).name,
    contentHash: (modelId) => library.get(modelId).sha256,
    async load(modelId, options, signal) {
      const loaded = await engine.load(library.get(modelId).path, options, optionalFields({ signal }));
      return {
        pid: engine.pid(loaded.id),
        info: loaded.info,
        generate: (input, params, { signal, onText }) =>
          engine.generate(loaded.id, input, params, { signal, ...(onText ? { onText } : {}) }),
        scoreChoices: (item, { signal }) => engine.scoreChoices(loaded.id, item.context, item.choices, { signal }),
        memory: () => engine.memory(loaded.id),
        unload: () => engine.unload(loaded.id),
      };
    },
  };
}
