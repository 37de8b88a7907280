import type { GenerationParams, GenerationResult, WorkerMemory } from '../../../shared/engine';
import { effectiveParams } from '../../../shared/effectiveParams';
import type { FigureProvenance } from '../../../shared/remoteModel';
import type { CaseError, RunModel, RunOutput, RunProgress } from '../../../shared/runs';
import type { TelemetryMarker } from '../../../shared/telemetry';
import { WorkerError } from '../engine/WorkerHandle';
import { RemoteEngineError } from '../remote/RemoteEngineError';
import type { LoadedRunner } from './ModelRunner';
import type { StoredRun } from './RunStore';

/**
 * The vocabulary of a run's case work, shared by the orchestrator and by the local and remote case
 * runners. A leaf: it imports none of them, so they can all import it.
 */

/** How a run is executed: its stop signal and what it reports while it runs. */
export interface ExecuteOptions {
  signal: AbortSignal;
  onProgress?: (progress: RunProgress) => void;
  /** Streamed output of the case being generated. */
  onText?: (output: Omit<RunOutput, 'runId'>) => void;
  /** Model and case boundaries, for the telemetry time line. */
  onMarker?: (kind: TelemetryMarker['kind'], label: string) => void;
  /** A model finished loading: what it really got, for the run's record. */
  onModelLoaded?: (modelKey: string, loaded: LoadedRunner) => void;
}

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
export type CaseGeneration = Omit<GenerationResult, 'memory'> & {
  memory: WorkerMemory | null;
  endpoint?: string;
  provenance?: FigureProvenance;
};

/** How one case ended: an answer (perhaps reused from the cache) or a harness error, perhaps from an endpoint. */
export type CaseOutcome = { result: CaseGeneration; cachedFrom?: string; cacheKey?: string } | { error: CaseError; endpoint?: string };

/** One model's pending cases and what the run does around each of them, whatever kind of model it is. */
export interface CasesContext {
  run: StoredRun;
  model: RunModel;
  label: string;
  items: readonly WorkItem[];
  options: ExecuteOptions;
  stopped: () => boolean;
  onStart: (item: WorkItem) => void;
  /** Scores and stores a case's outcome; the lane waits for it before its next case. */
  onResult: (item: WorkItem, seed: number, outcome: CaseOutcome) => Promise<void>;
}

/** Runs one model's pending cases: through a `ModelRunner` for a library model, on its endpoints for a remote one. */
export type CaseRunner = (ctx: CasesContext) => Promise<void>;

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
export function paramsFor(ctx: Pick<CasesContext, 'run'>, item: WorkItem): GenerationParams {
  return effectiveParams(ctx.run.spec.params, item.testCase.params, item.repetition);
}

export function describe(error: unknown): CaseError {
  if (error instanceof WorkerError) return { kind: error.kind, message: error.message, logs: error.logs };
  // A remote server's refusal or a timeout is the harness failing, told with the server's words.
  if (error instanceof RemoteEngineError) return { kind: 'failed', message: error.message, logs: [] };
  return { kind: 'internal', message: error instanceof Error ? error.message : String(error), logs: [] };
}
