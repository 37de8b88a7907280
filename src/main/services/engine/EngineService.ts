import crypto from 'node:crypto';
import type { CallName, GenerationOutput, LoadedModelView } from '../../../shared/api';
import {
  GenerationParams,
  LoadOptions,
  type GenerationInput,
  type GenerationParamsInput,
  type LoadOptionsInput,
} from '../../../shared/engine';
import { UserFacingError } from '../../../shared/result';
import type { EventBus } from '../EventBus';
import type { ModelLibrary } from '../models/ModelLibrary';
import type { HandlerSlice } from '../router';
import { Engine, ModelFileError } from './Engine';
import { WorkerError } from './WorkerHandle';
import type { WorkerLauncher } from './WorkerProcess';

/**
 * The engine as the app uses it: library models by id, generations that stream their text as
 * events and can be cancelled, and failures turned into messages a person can act on.
 */
export class EngineService {
  /** The engine itself, shared with runs so one set of workers serves both. */
  readonly engine: Engine;
  private readonly views = new Map<string, LoadedModelView>();
  private readonly generations = new Map<string, AbortController>();

  constructor(
    private readonly library: ModelLibrary,
    private readonly bus: EventBus,
    options: { workerScript: string; launch: WorkerLauncher },
  ) {
    this.engine = new Engine({
      ...options,
      // The library already checked the file when it was added; check again, it may have changed.
      checkModelFile: async (file) =>
        (await this.library.inspect(file)).problems.filter((p) => p.severity === 'error').map((p) => `${p.message}. ${p.hint}`),
    });
  }

  /** The calls this service answers, for the router. */
  handlers(): HandlerSlice<Extract<CallName, `engine.${string}`>> {
    return {
      'engine.load': ({ modelId, options }) => this.load(modelId, options),
      'engine.unload': async ({ loadId }) => {
        await this.unload(loadId);
        return null;
      },
      'engine.loaded': () => this.loaded(),
      'engine.generate': ({ loadId, input, params }) => this.generate(loadId, input, params),
      'engine.cancel': ({ generationId }) => {
        this.cancel(generationId);
        return null;
      },
    };
  }

  loaded(): LoadedModelView[] {
    const alive = new Set(this.engine.list().map((m) => m.id));
    for (const id of this.views.keys()) if (!alive.has(id)) this.views.delete(id);
    return [...this.views.values()];
  }

  async load(modelId: string, options: LoadOptionsInput = {}): Promise<LoadedModelView> {
    const model = this.library.get(modelId);
    if (model.status === 'missing')
      throw new UserFacingError('not_found', `${model.name}: the file ${model.path} is gone.`, 'Add it again from where it is now.');
    try {
      const loaded = await this.engine.load(model.path, LoadOptions.parse(options));
      const view: LoadedModelView = { loadId: loaded.id, modelId, modelName: model.name, options: loaded.options, info: loaded.info };
      this.views.set(loaded.id, view);
      this.bus.emit('engine.loadedChanged', this.loaded());
      return view;
    } catch (error) {
      if (error instanceof ModelFileError)
        throw new UserFacingError('invalid_input', `${model.name} cannot be loaded: ${error.problems.join(' ')}`);
      if (error instanceof WorkerError) {
        throw new UserFacingError(
          'unavailable',
          `${model.name} failed to load: ${error.message}`,
          'Check the load options (context size, GPU layers); the log lines are in the details.',
        );
      }
      throw error;
    }
  }

  async unload(loadId: string): Promise<void> {
    await this.engine.unload(loadId);
    this.views.delete(loadId);
    this.bus.emit('engine.loadedChanged', this.loaded());
  }

  /** Starts a generation and returns at once; its text and result arrive as `engine.output` events. */
  generate(loadId: string, input: GenerationInput, params: GenerationParamsInput = {}): { generationId: string } {
    if (!this.views.has(loadId)) throw new UserFacingError('not_found', 'That model is no longer loaded.', 'Load it again.');
    const generationId = crypto.randomUUID();
    const controller = new AbortController();
    this.generations.set(generationId, controller);
    const emit = (output: Omit<GenerationOutput, 'generationId'>): void => this.bus.emit('engine.output', { generationId, ...output });
    this.engine
      .generate(loadId, input, GenerationParams.parse(params), {
        signal: controller.signal,
        onText: (text) => emit({ text, done: false, result: null, error: null }),
      })
      .then(
        (result) => emit({ text: '', done: true, result, error: null }),
        (error: unknown) => {
          const logs = error instanceof WorkerError ? error.logs : [];
          emit({
            text: '',
            done: true,
            result: null,
            error: {
              code: error instanceof WorkerError ? error.kind : 'internal',
              message: error instanceof Error ? error.message : String(error),
              logs,
            },
          });
          if (error instanceof WorkerError && error.kind === 'crashed') this.bus.emit('engine.loadedChanged', this.loaded());
        },
      )
      .finally(() => this.generations.delete(generationId));
    return { generationId };
  }

  cancel(generationId: string): void {
    this.generations.get(generationId)?.abort();
  }

  dispose(): Promise<void> {
    for (const controller of this.generations.values()) controller.abort();
    return this.engine.dispose();
  }
}
