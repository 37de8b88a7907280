import { GenerationParams } from '../../../shared/engine';
import type { CaseError, RunCase, RunProgress } from '../../../shared/runs';
import type { TelemetryMarker } from '../../../shared/telemetry';
import { WorkerError } from '../engine/WorkerHandle';
import type { LoadedRunner, ModelRunner } from './ModelRunner';
import { modelKey, resultKey, type RunStore, type StoredRun } from './RunStore';

interface WorkItem {
  modelIndex: number;
  modelKey: string;
  testCase: RunCase;
  repetition: number;
}

export interface ExecuteOptions {
  signal: AbortSignal;
  onProgress?: (progress: RunProgress) => void;
  /** Streamed output of the case being generated. */
  onText?: (modelKey: string, caseId: string, text: string) => void;
  /** Model and case boundaries, for the telemetry time line. */
  onMarker?: (kind: TelemetryMarker['kind'], label: string) => void;
  /** A model finished loading: what it really got, for the run's record. */
  onModelLoaded?: (modelKey: string, loaded: LoadedRunner) => void;
}

/**
 * Runs what is missing of a run, model by model, one case at a time (latency mode), and
 * commits each result the moment it exists. Stopping at any point (abort, crash, kill -9)
 * loses nothing finished; executing the run again does exactly the missing cases.
 */
export class RunOrchestrator {
  constructor(
    private readonly runs: RunStore,
    private readonly runner: ModelRunner,
  ) {}

  async execute(runId: string, options: ExecuteOptions): Promise<RunProgress['status']> {
    const run = this.runs.get(runId);
    const finished = this.runs.finishedKeys(runId);
    const pending = workList(run).filter((w) => !finished.has(resultKey(w.modelKey, w.testCase.id, w.repetition)));
    const total = run.spec.models.length * run.cases.length * run.spec.repetitions;
    const progress: RunProgress = {
      runId,
      status: 'running',
      done: total - pending.length,
      total,
      errors: this.runs.results(runId).filter((r) => r.error !== null).length,
      currentModel: null,
      currentCase: null,
      tokensPerSecond: null,
      etaSeconds: null,
    };
    const report = (): void => options.onProgress?.({ ...progress });
    this.runs.setStatus(runId, 'running');
    report();
    const started = Date.now();
    let doneHere = 0;
    // A function, not a property read: the signal changes under the awaits below.
    const stopped = (): boolean => options.signal.aborted;

    for (let index = 0; index < run.spec.models.length; index++) {
      const items = pending.filter((w) => w.modelIndex === index);
      if (items.length === 0) continue;
      const model = run.spec.models[index];
      if (model === undefined) continue;
      progress.currentModel = model.label ?? this.runner.name(model.modelId);
      report();
      let loaded: LoadedRunner | null = null;
      let warmedUp = false;
      for (const item of items) {
        if (stopped()) break;
        if (loaded === null) {
          try {
            loaded = await this.runner.load(model.modelId, model.load);
            options.onMarker?.('model-load', progress.currentModel);
            options.onModelLoaded?.(item.modelKey, loaded);
          } catch (error) {
            // Every case this model still owes becomes an error that says why; the run goes on.
            for (const rest of items.slice(items.indexOf(item))) this.saveError(runId, run, rest, describe(error));
            progress.done += items.length - items.indexOf(item);
            progress.errors += items.length - items.indexOf(item);
            report();
            break;
          }
        }
        const params = GenerationParams.parse({ ...run.spec.params, ...item.testCase.params, seed: run.spec.params.seed + item.repetition });
        if (!warmedUp) {
          warmedUp = true;
          for (let w = 0; w < run.spec.warmup && !stopped(); w++) {
            await loaded.generate(item.testCase.input, params, { signal: options.signal }).catch(() => undefined);
          }
        }
        progress.currentCase = item.testCase.id;
        report();
        options.onMarker?.('case-start', `${progress.currentModel} · ${item.testCase.id}`);
        try {
          const result = await loaded.generate(item.testCase.input, params, {
            signal: options.signal,
            ...(options.onText ? { onText: (text: string) => options.onText?.(item.modelKey, item.testCase.id, text) } : {}),
          });
          // A case cut short by a pause or cancel is not a result: it runs again on resume.
          if (result.stopReason === 'cancelled' && stopped()) break;
          this.runs.save({
            runId,
            modelKey: item.modelKey,
            caseId: item.testCase.id,
            repetition: item.repetition,
            seed: params.seed,
            output: result.text,
            stopReason: result.stopReason,
            timings: result.timings,
            memory: result.memory,
            error: null,
            finishedAt: new Date().toISOString(),
          });
          progress.tokensPerSecond = result.timings.generationTokensPerSecond;
        } catch (error) {
          if (stopped() && !(error instanceof WorkerError && error.kind === 'crashed')) break;
          this.saveError(runId, run, item, describe(error));
          progress.errors += 1;
          if (error instanceof WorkerError && error.kind === 'crashed') loaded = null;
        }
        options.onMarker?.('case-end', `${progress.currentModel} · ${item.testCase.id}`);
        progress.done += 1;
        doneHere += 1;
        const perCase = (Date.now() - started) / 1000 / doneHere;
        progress.etaSeconds = perCase * (total - progress.done);
        report();
      }
      if (loaded !== null) {
        await loaded.unload();
        options.onMarker?.('model-unload', progress.currentModel);
      }
      if (stopped()) break;
    }

    progress.currentCase = null;
    progress.currentModel = null;
    progress.status = stopped() ? 'paused' : 'completed';
    this.runs.setStatus(runId, progress.status);
    report();
    return progress.status;
  }

  private saveError(runId: string, run: StoredRun, item: WorkItem, error: CaseError): void {
    this.runs.save({
      runId,
      modelKey: item.modelKey,
      caseId: item.testCase.id,
      repetition: item.repetition,
      seed: run.spec.params.seed + item.repetition,
      output: null,
      stopReason: null,
      timings: null,
      memory: null,
      error,
      finishedAt: new Date().toISOString(),
    });
  }
}

function workList(run: StoredRun): WorkItem[] {
  const items: WorkItem[] = [];
  run.spec.models.forEach((model, modelIndex) => {
    for (let repetition = 0; repetition < run.spec.repetitions; repetition++) {
      for (const testCase of run.cases) items.push({ modelIndex, modelKey: modelKey(modelIndex, model.modelId), testCase, repetition });
    }
  });
  return items;
}

function describe(error: unknown): CaseError {
  if (error instanceof WorkerError) return { kind: error.kind, message: error.message, logs: error.logs };
  return { kind: 'internal', message: error instanceof Error ? error.message : String(error), logs: [] };
}
