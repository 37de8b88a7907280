import { LoadOptions, type GenerationResult } from '../../../shared/engine';
import type { CaseError } from '../../../shared/runs';
import { WorkerError } from '../engine/WorkerHandle';
import { scoreChoiceCase } from '../loglikelihood/scoreChoiceCase';
import { describe, paramsFor, streamTo, type CaseGeneration, type CasesContext, type CaseOutcome, type WorkItem } from './caseWork';
import type { LoadedRunner, ModelRunner } from './ModelRunner';
import { resultCacheKey } from './resultCacheKey';

/** What a library model's cases need beyond the run's: a runner to load it, and the result cache. */
export interface ModelCasesContext extends CasesContext {
  runner: ModelRunner;
  /** A stored output for a cache key (the run's `useCache`), or null. */
  lookup?: (key: string) => { runId: string; result: GenerationResult } | null;
}

/**
 * Runs one model's pending cases: one at a time in latency mode, `parallel` at once on as
 * many context sequences in throughput mode. The model is loaded once, and again after a
 * worker crash; a model that cannot load turns its remaining cases into errors.
 */
export async function runModelCases(ctx: ModelCasesContext): Promise<void> {
  const lanes = ctx.run.spec.mode === 'throughput' ? ctx.run.spec.parallel : 1;
  const session = new ModelSession(ctx, lanes);
  const queue = [...ctx.items];
  const lane = async (): Promise<void> => {
    for (let item = queue.shift(); item !== undefined && !ctx.stopped(); item = queue.shift()) {
      try {
        if (!(await session.run(item))) return;
      } catch (error) {
        // A result the store could not take ends the whole run; no lane starts another case.
        queue.splice(0);
        throw error;
      }
    }
  };
  const settled = await Promise.allSettled(Array.from({ length: lanes }, lane));
  await session.unload();
  for (const ended of settled) if (ended.status === 'rejected') throw ended.reason;
}

/**
 * One model of a run while its cases run: loaded on its first case that is not in the result
 * cache (then warmed up with the run's `warmup` untimed generations), loaded again after a worker
 * crash, and unloaded when asked. Its cases may come one at a time or from several lanes at once.
 */
export class ModelSession {
  private readonly loadOptions: ModelCasesContext['model']['load'];
  // Shared by the lanes that call `run` at once.
  private loading: Promise<LoadedRunner> | null = null;
  private current: LoadedRunner | null = null;
  private warmedUp = false;
  private loadError: CaseError | null = null;
  private storeFailed = false;
  private readonly modelHash: string | null;

  constructor(
    private readonly ctx: ModelCasesContext,
    /** Cases that may generate at once: the model gets at least that many context sequences. */
    lanes: number,
  ) {
    this.loadOptions = lanes > 1 ? { ...ctx.model.load, sequences: Math.max(ctx.model.load.sequences, lanes) } : ctx.model.load;
    this.modelHash = ctx.run.spec.useCache ? (ctx.runner.contentHash?.(ctx.model.modelId) ?? null) : null;
  }

  private ensureLoaded(): Promise<LoadedRunner> {
    const { ctx } = this;
    this.loading ??= loadWithRetry(ctx, this.loadOptions).then(async (runner) => {
      this.current = runner;
      ctx.options.onMarker?.('model-load', ctx.label);
      ctx.options.onModelLoaded?.(ctx.items[0]?.modelKey ?? '', runner);
      const first = ctx.items[0];
      if (!this.warmedUp && first !== undefined) {
        this.warmedUp = true;
        for (let w = 0; w < ctx.run.spec.warmup && !ctx.stopped(); w++) {
          await runner.generate(first.testCase.input, paramsFor(ctx, first), { signal: ctx.options.signal }).catch(() => undefined);
        }
      }
      return runner;
    });
    return this.loading;
  }

  private cacheKeyOf(item: WorkItem): string | undefined {
    return this.modelHash === null
      ? undefined
      : resultCacheKey(this.modelHash, LoadOptions.parse(this.loadOptions), item.testCase.input, paramsFor(this.ctx, item));
  }

  /**
   * Hands an outcome to `onResult`. A result the store could not take must not become a case
   * error (whose save would fail too, or be refused as a second result for the case): once one
   * failed, later outcomes are dropped and the failure is thrown to the run.
   */
  private async record(item: WorkItem, seed: number, outcome: CaseOutcome): Promise<void> {
    if (this.storeFailed) return;
    try {
      await this.ctx.onResult(item, seed, outcome);
    } catch (error) {
      this.storeFailed = true;
      throw error;
    }
  }

  /** Loads the model (and warms it up) now rather than on its first case. */
  async load(): Promise<void> {
    if (this.loadError === null) await this.ensureLoaded().catch(() => undefined);
  }

  /**
   * Runs one case and hands its outcome to `onResult`; false when the run was stopped in the
   * middle of it (nothing is stored: it runs again on resume).
   */
  async run(item: WorkItem): Promise<boolean> {
    const { ctx } = this;
    // A log-likelihood case generates nothing the result cache could hold.
    const choices = item.testCase.loglikelihood !== undefined;
    const cacheKey = choices ? undefined : this.cacheKeyOf(item);
    const hit = cacheKey === undefined ? null : (ctx.lookup?.(cacheKey) ?? null);
    if (hit !== null) {
      // Reused, not generated: the model need not even be loaded.
      await this.record(item, paramsFor(ctx, item).seed, { result: hit.result, cachedFrom: hit.runId });
      return true;
    }
    let runner: LoadedRunner | null = null;
    if (this.loadError === null) {
      try {
        runner = await this.ensureLoaded();
      } catch (error) {
        // A load cut short by a pause or cancel (a terminal's Ctrl-C also ends node-llama-cpp's
        // binding test process) says nothing about the model: the case runs on resume.
        if (ctx.stopped()) return false;
        this.loadError ??= notRunError(ctx.label, error);
      }
    }
    if (runner === null) {
      // Every case this model still owes is marked as never run, saying why; the run goes on,
      // and a resume runs them.
      await this.record(item, paramsFor(ctx, item).seed, {
        error: this.loadError ?? notRunError(ctx.label, new Error('the model did not load')),
      });
      return true;
    }
    const params = paramsFor(ctx, item);
    ctx.onStart(item);
    const onText = ctx.options.onText;
    let outcome: CaseOutcome;
    try {
      const result: CaseGeneration = choices
        ? await scoreChoiceCase(
            runner.scoreChoices ?? cannotScoreChoices(ctx.label),
            item.testCase,
            ctx.options.signal,
            runner.memory?.bind(runner),
          )
        : await runner.generate(item.testCase.input, params, {
            signal: ctx.options.signal,
            ...(onText ? { onText: streamTo(onText, ctx.label, item) } : {}),
          });
      // A case cut short by a pause or cancel is not a result: it runs again on resume.
      if (result.stopReason === 'cancelled' && ctx.stopped()) return false;
      outcome = cacheKey === undefined ? { result } : { result, cacheKey };
    } catch (error) {
      const crashed = error instanceof WorkerError && error.kind === 'crashed';
      if (ctx.stopped() && !crashed) return false;
      outcome = { error: describe(error) };
      // The next case starts a fresh worker; lanes that were on the dead one fail the same way.
      if (crashed && this.current === runner) {
        this.current = null;
        this.loading = null;
      }
    }
    await this.record(item, params.seed, outcome);
    return true;
  }

  async unload(): Promise<void> {
    const runner = this.current;
    if (runner === null) return;
    this.current = null;
    this.loading = null;
    await runner.unload();
    this.ctx.options.onMarker?.('model-unload', this.ctx.label);
  }
}

/**
 * Loads the model; a load whose worker was killed from outside (not a refusal or a fault, which
 * would happen again) is tried once more, so one kill does not cost all of a model's cases.
 */
async function loadWithRetry(ctx: ModelCasesContext, loadOptions: ModelCasesContext['model']['load']): Promise<LoadedRunner> {
  try {
    return await ctx.runner.load(ctx.model.modelId, loadOptions, ctx.options.signal);
  } catch (error) {
    if (!(error instanceof WorkerError && error.mayPassOnRetry) || ctx.stopped()) throw error;
    try {
      return await ctx.runner.load(ctx.model.modelId, loadOptions, ctx.options.signal);
    } catch (again) {
      throw again instanceof WorkerError
        ? new WorkerError(`${again.message} (second try; the first ended: ${error.message})`, again.kind, again.logs, again.signal)
        : again;
    }
  }
}

/** The choice scorer of a model runner that has none. */
function cannotScoreChoices(label: string): NonNullable<LoadedRunner['scoreChoices']> {
  return () => Promise.reject(new Error(`${label} cannot score log-likelihood: its runner gives no log-probabilities.`));
}

/** What a case that never ran says: its model could not be loaded, and why. */
function notRunError(label: string, error: unknown): CaseError {
  const cause = describe(error);
  return {
    kind: 'not-run',
    message: `Not run: ${label} could not be loaded. ${cause.message} Resume the run to run this case once that is fixed.`,
    logs: cause.logs,
  };
}
