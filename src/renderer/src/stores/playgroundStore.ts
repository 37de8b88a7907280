import { create } from 'zustand';
import type { CallOutput, GenerationOutput, LoadedModelView } from '../../../shared/api';
import type { GenerationResult } from '../../../shared/engine';
import type { ModelSummary } from '../../../shared/models';
import type { ApiError } from '../../../shared/result';
import type { RenderedCase } from '../../../shared/testset';
import { getClient } from '../api/client';

/** The model picker's value: a loaded model (`loaded:<loadId>`) or a library model to load (`library:<modelId>`). */
export type ModelChoice = `loaded:${string}` | `library:${string}`;

/** Load options of a model loaded from the playground: the engine's defaults, with a small context. */
export const PLAYGROUND_LOAD_OPTIONS = { contextSize: 2048 } as const;

export type PlaygroundRunStatus = 'loading' | 'starting' | 'streaming' | 'scoring' | 'done' | 'cancelled' | 'error';

/** One case sent to one model, from the first click to its scores. */
export interface PlaygroundRun {
  caseId: string;
  modelName: string;
  generationId: string | null;
  status: PlaygroundRunStatus;
  /** The output so far. */
  text: string;
  result: GenerationResult | null;
  /** Why it ended without output: the model did not load, or the generation failed. */
  error: { message: string; hint?: string; logs: string[] } | null;
  scores: CallOutput<'scoring.score'> | null;
  scoreError: ApiError | null;
  stopRequested: boolean;
}

/** A run's error from a message, an optional hint and log lines (exactOptionalPropertyTypes keeps a missing hint absent). */
function runError(message: string, hint: string | undefined, logs: string[] = []): NonNullable<PlaygroundRun['error']> {
  return hint === undefined ? { message, logs } : { message, hint, logs };
}

export interface PlaygroundRequest {
  caseId: string;
  model: ModelChoice;
  rendered: Pick<RenderedCase, 'input' | 'params' | 'scorers' | 'expected'>;
  vars: Record<string, string | number | boolean>;
}

interface PlaygroundState {
  loaded: LoadedModelView[];
  library: ModelSummary[];
  modelsStatus: 'idle' | 'loading' | 'ready' | 'error';
  modelsError: ApiError | null;
  model: ModelChoice | null;
  run: PlaygroundRun | null;
  /** Listens to generation output and to loaded-model changes until the returned stop is called. */
  start: () => () => void;
  loadModels: () => Promise<void>;
  selectModel: (model: ModelChoice) => void;
  runCase: (request: PlaygroundRequest) => Promise<void>;
  stop: () => Promise<void>;
}

// Output that arrives before `engine.generate` has answered with its id, kept until it has.
let early: GenerationOutput[] = [];
// Which run a pending call belongs to: a newer run makes older answers stale.
let runToken = 0;

export const usePlaygroundStore = create<PlaygroundState>()((set, get) => {
  const current = (token: number): boolean => token === runToken;
  const patchRun = (token: number, patch: Partial<PlaygroundRun>): void => {
    const run = get().run;
    if (run !== null && current(token)) set({ run: { ...run, ...patch } });
  };

  async function score(token: number, output: string, request: PlaygroundRequest): Promise<void> {
    const { scorers, expected } = request.rendered;
    if (scorers.length === 0) {
      patchRun(token, { status: 'done' });
      return;
    }
    patchRun(token, { status: 'scoring' });
    const result = await getClient().call('scoring.score', {
      scorers,
      output,
      expected,
      vars: request.vars,
    });
    if (result.ok) patchRun(token, { status: 'done', scores: result.value });
    else patchRun(token, { status: 'done', scoreError: result.error });
  }

  let request: PlaygroundRequest | null = null;

  function apply(token: number, event: GenerationOutput): void {
    const run = get().run;
    if (run === null || !current(token) || run.generationId !== event.generationId) return;
    if (run.status !== 'starting' && run.status !== 'streaming') return;
    const text = run.text + event.text;
    if (event.error !== null) {
      const { message, hint, logs } = event.error;
      patchRun(token, {
        text,
        status: 'error',
        error: runError(message, hint, logs),
      });
      return;
    }
    if (!event.done) {
      patchRun(token, { text, status: 'streaming' });
      return;
    }
    patchRun(token, { text, result: event.result });
    if (event.result?.stopReason === 'cancelled') {
      patchRun(token, { status: 'cancelled' });
      return;
    }
    if (request !== null) void score(token, event.result?.text ?? text, request);
  }

  return {
    loaded: [],
    library: [],
    modelsStatus: 'idle',
    modelsError: null,
    model: null,
    run: null,

    start() {
      const client = getClient();
      const stopOutput = client.on('engine.output', (event) => {
        const run = get().run;
        if (run === null) return;
        if (run.generationId === null && run.status === 'starting') early.push(event);
        else apply(runToken, event);
      });
      const stopLoaded = client.on('engine.loadedChanged', (loaded) => set({ loaded }));
      return () => {
        stopOutput();
        stopLoaded();
      };
    },

    async loadModels() {
      set({ modelsStatus: 'loading', modelsError: null });
      const client = getClient();
      const [loaded, library] = await Promise.all([client.call('engine.loaded', {}), client.call('models.list', {})]);
      const error = !loaded.ok ? loaded.error : !library.ok ? library.error : null;
      set({
        loaded: loaded.ok ? loaded.value : get().loaded,
        library: library.ok ? library.value : get().library,
        modelsStatus: error === null ? 'ready' : 'error',
        modelsError: error,
      });
    },

    selectModel: (model) => set({ model }),

    async runCase(next) {
      const token = ++runToken;
      early = [];
      request = next;
      const client = getClient();
      const libraryId = next.model.startsWith('library:') ? next.model.slice('library:'.length) : null;
      let loadId =
        libraryId === null ? next.model.slice('loaded:'.length) : (get().loaded.find((m) => m.modelId === libraryId)?.loadId ?? null);
      const modelName =
        libraryId === null
          ? (get().loaded.find((m) => m.loadId === loadId)?.modelName ?? 'the model')
          : (get().library.find((m) => m.id === libraryId)?.name ?? 'the model');
      const base = {
        caseId: next.caseId,
        modelName,
        generationId: null,
        text: '',
        result: null,
        error: null,
        scores: null,
        scoreError: null,
        stopRequested: false,
      };
      if (loadId === null && libraryId !== null) {
        set({ run: { ...base, status: 'loading' } });
        const loaded = await client.call('engine.load', {
          modelId: libraryId,
          options: PLAYGROUND_LOAD_OPTIONS,
        });
        if (!current(token)) return;
        if (!loaded.ok) {
          patchRun(token, { status: 'error', error: runError(loaded.error.message, loaded.error.hint) });
          return;
        }
        loadId = loaded.value.loadId;
        const others = get().loaded.filter((m) => m.loadId !== loaded.value.loadId);
        set({
          loaded: [...others, loaded.value],
          model: `loaded:${loaded.value.loadId}`,
        });
        patchRun(token, { modelName: loaded.value.modelName });
        if (get().run?.stopRequested === true) {
          patchRun(token, { status: 'cancelled' });
          return;
        }
      }
      if (loadId === null) return;
      set({ run: { ...(get().run ?? base), status: 'starting' } });
      const started = await client.call('engine.generate', {
        loadId,
        input: next.rendered.input,
        params: next.rendered.params,
      });
      if (!current(token)) return;
      if (!started.ok) {
        patchRun(token, { status: 'error', error: runError(started.error.message, started.error.hint) });
        return;
      }
      const { generationId } = started.value;
      patchRun(token, { generationId });
      const buffered = early.filter((e) => e.generationId === generationId);
      early = [];
      for (const event of buffered) apply(token, event);
      if (get().run?.stopRequested === true) await client.call('engine.cancel', { generationId });
    },

    async stop() {
      const run = get().run;
      if (run === null || !['loading', 'starting', 'streaming'].includes(run.status)) return;
      set({ run: { ...run, stopRequested: true } });
      if (run.generationId !== null)
        await getClient().call('engine.cancel', {
          generationId: run.generationId,
        });
    },
  };
});
