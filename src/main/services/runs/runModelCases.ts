import { LoadOptions, type GenerationParams, type GenerationResult, type WorkerMemory } from '../../../shared/engine';
import { effectiveParams } from '../../../shared/effectiveParams';
import type { FigureProvenance } from '../../../shared/remoteModel';
import type { CaseError, RunModel } from '../../../shared/runs';
import { WorkerError } from '../engine/WorkerHandle';
import { RemoteEngineError } from '../remote/RemoteEngineError';
import type { LoadedRunner, ModelRunner } from './ModelRunner';
import { resultCacheKey } from './resultCacheKey';
import type { ExecuteOptions } from './RunOrchestrator';
import type { StoredRun } from './RunStore';

/** One case of one model (one repetition): the unit of work and of storage. */
export interface WorkItem {
  modelIndex: number;
  modelKey: string;
  testCase: StoredRun['cases'][number];
  repetition: number;
}

/**
 * What a case produced: a local generation, or a remote one, which names the endpoint that
 * answered, says where each figure came from, and has no memory figures when the server did not
 * report them (null, never zeros).
 */
export type CaseGeneration = Omit<GenerationResult, 'memory'> & { memory: WorkerMemory | null; endpoint?: string; provenance?: FigureProvenance };

/** How one case ended: an answer (perhaps reused from the cache) or a harness error, perhaps from an endpoint. */
export type CaseOutcome = { result: CaseGeneration; cachedFrom?: string; cacheKey?: string } | { error: CaseError; endpoint?: string };

export interface ModelCasesContext {
  run: StoredRun;
  model: RunModel;
  label: string;
  items: readonly WorkItem[];
  runner: ModelRunner;
  options: ExecuteOptions;
  stopped: () => boolean;
  onStart: (item: WorkItem) => void;
  /** Scores and stores a case's outcome; the lane waits for it before its next case. */
  onResult: (item: WorkItem, seed: number, outcome: CaseOutcome) => Promise<void>;
  /** A stored output for a cache key (the run's `useCache`), or null. */
  lookup?: (key: string) => { runId: string; result: GenerationResult } | null;
}

/**
 * Runs one model's pending cases: one at a time in latency mode, `parallel` at once on as
 * many context sequences in throughput mode. The model is loaded once, and again after a
 * worker crash; a model that cannot load turns its remaining cases into errors.
 */
export async function runModelCases(ctx: ModelCasesContext): Promise<void> {
  const throughput = ctx.run.spec.mode === 'throughput';
  const lanes = throughput ? ctx.run.spec.parallel : 1;
  const loadOptions = throughput ? { ...ctx.model.load, sequences: Math.max(ctx.model.load.sequences, lanes) } : ctx.model.load;
  const queue = [...ctx.items];
  // Shared by the lanes; an object so their closures see each other's updates.
  const state: { loading: Promise<LoadedRunner> | null; current: LoadedRunner | null; warmedUp: boolean } = { loading: null, current: null, warmedUp: false };

  const ensureLoaded = (): Promise<LoadedRunner> => {
    state.loading ??= loadWithRetry(ctx, loadOptions).then(async (runner) => {
      state.current = runner;
      ctx.options.onMarker?.('model-load', ctx.label);
      ctx.options.onModelLoaded?.(ctx.items[0]?.modelKey ?? '', runner);
      if (!state.warmedUp && ctx.items[0] !== undefined) {
        state.warmedUp = true;
        const first = ctx.items[0];
        for (let w = 0; w < ctx.run.spec.warmup && !ctx.stopped(); w++) {
          await runner.generate(first.testCase.input, paramsFor(ctx, first), { signal: ctx.options.signal }).catch(() => undefined);
        }
      }
      return runner;
    });
    return state.loading;
  };

  const modelHash = ctx.run.spec.useCache ? (ctx.runner.contentHash?.(ctx.model.modelId) ?? null) : null;
  const cacheKeyOf = (item: WorkItem): string | undefined =>
    modelHash === null ? undefined : resultCacheKey(modelHash, LoadOptions.parse(loadOptions), item.testCase.input, paramsFor(ctx, item));

  // A result the store could not take ends the whole run: it must not become a case error
  // (whose save would fail too, or be refused as a second result for the case).
  const storeFailure: { error: unknown; failed: boolean } = { error: null, failed: false };
  const record = async (item: WorkItem, seed: number, outcome: CaseOutcome): Promise<void> => {
    try {
      await ctx.onResult(item, seed, outcome);
    } catch (error) {
      if (!storeFailure.failed) Object.assign(storeFailure, { error, failed: true });
      queue.splice(0);
      throw error;
    }
  };

  const lane = async (): Promise<void> => {
    for (let item = queue.shift(); item !== undefined && !ctx.stopped(); item = queue.shift()) {
      const cacheKey = cacheKeyOf(item);
      const hit = cacheKey === undefined ? null : (ctx.lookup?.(cacheKey) ?? null);
      if (hit !== null) {
        // Reused, not generated: the model need not even be loaded.
        await record(item, paramsFor(ctx, item).seed, { result: hit.result, cachedFrom: hit.runId });
        continue;
      }
      let runner: LoadedRunner;
      try {
        runner = await ensureLoaded();
      } catch (error) {
        // Every case this model still owes is marked as never run, saying why; the run goes on,
        // and a resume runs them.
        const notRun = notRunError(ctx.label, error);
        for (const rest of [item, ...queue.splice(0)]) await record(rest, paramsFor(ctx, rest).seed, { error: notRun });
        return;
      }
      const params = paramsFor(ctx, item);
      ctx.onStart(item);
      let outcome: CaseOutcome;
      const onText = ctx.options.onText;
      try {
        const result = await runner.generate(item.testCase.input, params, {
          signal: ctx.options.signal,
          ...(onText ? { onText: streamTo(onText, ctx.label, item) } : {}),
        });
        // A case cut short by a pause or cancel is not a result: it runs again on resume.
        if (result.stopReason === 'cancelled' && ctx.stopped()) return;
        outcome = cacheKey === undefined ? { result } : { result, cacheKey };
      } catch (error) {
        const crashed = error instanceof WorkerError && error.kind === 'crashed';
        if (ctx.stopped() && !crashed) return;
        outcome = { error: describe(error) };
        // The next case starts a fresh worker; lanes that were on the dead one fail the same way.
        if (crashed && state.current === runner) {
          state.current = null;
          state.loading = null;
        }
      }
      if (storeFailure.failed) return;
      await record(item, params.seed, outcome);
    }
  };

  const settled = await Promise.allSettled(Array.from({ length: lanes }, lane));
  if (state.current !== null) {
    await state.current.unload();
    ctx.options.onMarker?.('model-unload', ctx.label);
  }
  if (storeFailure.failed) throw storeFailure.error;
  for (const lane of settled) if (lane.status === 'rejected') throw lane.reason;
}

/**
 * Loads the model; a load whose worker was killed from outside (not a refusal or a fault, which
 * would happen again) is tried once more, so one kill does not cost all of a model's cases.
 */
async function loadWithRetry(ctx: ModelCasesContext, loadOptions: ModelCasesContext['model']['load']): Promise<LoadedRunner> {
  try {
    return await ctx.runner.load(ctx.model.modelId, loadOptions);
  } catch (error) {
    if (!(error instanceof WorkerError && error.mayPassOnRetry) || ctx.stopped()) throw error;
    try {
      return await ctx.runner.load(ctx.model.modelId, loadOptions);
    } catch (again) {
      throw again instanceof WorkerError
        ? new WorkerError(`${again.message} (second try; the first ended: ${error.message})`, again.kind, again.logs, again.signal)
        : again;
    }
  }
}

/** What a case that never ran says: its model could not be loaded, and why. */
function notRunError(label: string, error: unknown): CaseError {
  const cause = describe(error);
  return { kind: 'not-run', message: `Not run: ${label} could not be loaded. ${cause.message} Resume the run to run this case once that is fixed.`, logs: cause.logs };
}

/** Forwards a case's streamed text, marking its first piece and the time to it (TTFT) from now. */
export function streamTo(onText: NonNullable<ExecuteOptions['onText']>, model: string, item: WorkItem): (text: string) => void {
  const startedAt = performance.now();
  let ttftMs: number | null = null;
  return (text) => {
    const first = ttftMs === null;
    ttftMs ??= performance.now() - startedAt;
    onText({ modelKey: item.modelKey, model, caseId: item.testCase.id, repetition: item.repetition, first, text, ttftMs });
  };
}

/** A case's generation parameters as they run (see `effectiveParams` for the precedence). */
export function paramsFor(ctx: Pick<ModelCasesContext, 'run'>, item: WorkItem): GenerationParams {
  return effectiveParams(ctx.run.spec.params, item.testCase.params, item.repetition);
}

export function describe(error: unknown): CaseError {
  if (error instanceof WorkerError) return { kind: error.kind, message: error.message, logs: error.logs };
  // A remote server's refusal or a timeout is the harness failing, told with the server's words.
  if (error instanceof RemoteEngineError) return { kind: 'failed', message: error.message, logs: [] };
  return { kind: 'internal', message: error instanceof Error ? error.message : String(error), logs: [] };
}
