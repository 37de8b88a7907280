import { z } from 'zod';
import { ParamOverride } from '../effectiveParams';
import { FidelityProgress, MeasureFidelityInput, RunFidelity } from '../fidelity';
import { NewRun, RunCase, RunMode, RunOutput, RunProgress, RunSpec, ScoredCaseResult } from '../runs';
import { RunSummary as RunStatsSummary } from '../runSummary';
import { TelemetryMarker, TelemetrySample } from '../telemetry';
import { NoInput, RunIdInput } from './common';

/** Lifecycle of a run. */
export const RunStatus = z.enum(['queued', 'running', 'paused', 'completed', 'cancelled', 'failed']);
export type RunStatus = z.infer<typeof RunStatus>;

/** A run as listed in the history. */
export const RunListItem = z.object({
  id: z.string(),
  name: z.string(),
  status: RunStatus,
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  mode: RunMode,
  /** Model labels, in run order. */
  models: z.array(z.string()),
  caseCount: z.number().int().nonnegative(),
  /** Results the run will have when complete (models × cases × repetitions), and those it has. */
  total: z.number().int().nonnegative(),
  done: z.number().int().nonnegative(),
  /** The test set file the run was made from (null for runs stored before it was recorded). */
  testSetPath: z.string().nullable(),
  /**
   * Whether this host is executing the run right now. A run whose status is `running` but is not
   * active was left so by a host that stopped (crash, power loss): it is interrupted, and resumable.
   */
  active: z.boolean(),
});
export type RunListItem = z.infer<typeof RunListItem>;

const NewRunInput = NewRun;

/** Runs: created, executed, paused, read back, measured for fidelity (see `calls` in `../api`); the entities are in `../runs`. */
export const runCalls = {
  'runs.list': { input: NoInput, output: z.array(RunListItem) },
  /** What a test set file's defaults and cases set over the run's generation parameters, for the New-run form. */
  'runs.testSetParams': {
    input: z.object({ testSetPath: z.string().min(1) }).strict(),
    output: z.object({ caseCount: z.number().int().nonnegative(), overrides: z.array(ParamOverride) }),
  },
  /** Creates a run of library models on a test set file and starts it; progress arrives as `runs.progress` events. */
  'runs.start': { input: NewRunInput, output: z.object({ runId: z.string() }) },
  /** Executes what is missing of a paused or interrupted run. */
  'runs.resume': { input: RunIdInput, output: z.null() },
  /** Stops after the current case; `runs.resume` goes on from there. */
  'runs.pause': { input: RunIdInput, output: z.null() },
  'runs.cancel': { input: RunIdInput, output: z.null() },
  'runs.rename': { input: z.object({ runId: z.string(), name: z.string().min(1) }).strict(), output: z.null() },
  'runs.delete': { input: RunIdInput, output: z.null() },
  /** What a run is: its settings, cases and environment. */
  'runs.get': {
    input: RunIdInput,
    output: z.object({
      id: z.string(),
      status: RunStatus,
      spec: RunSpec,
      cases: z.array(RunCase),
      environment: z.unknown(),
      createdAt: z.string(),
    }),
  },
  /** Per-model figures with intervals and comparisons against the baseline. */
  'runs.summary': { input: z.object({ runId: z.string(), baseline: z.string().optional() }).strict(), output: RunStatsSummary },
  /** Every stored result with its scores. */
  'runs.results': { input: RunIdInput, output: z.array(ScoredCaseResult), outputFromStore: true },
  /**
   * The stored results of the run's cases `offset … offset + limit - 1` (positions in the run's
   * case list), every model and repetition of each, so a page holds whole cases: what Compare loads
   * a big run with, showing the first screen while the rest arrives. `nextOffset` is null after the
   * last case.
   */
  'runs.resultsPage': {
    input: z.object({ runId: z.string(), offset: z.number().int().nonnegative(), limit: z.number().int().min(1).max(100_000) }).strict(),
    output: z.object({
      results: z.array(ScoredCaseResult),
      caseCount: z.number().int().nonnegative(),
      nextOffset: z.number().int().positive().nullable(),
    }),
    outputFromStore: true,
  },
  /** The run's resource time line. */
  'runs.telemetry': {
    input: RunIdInput,
    output: z.object({
      samples: z.array(z.object({ session: z.number().int(), sample: TelemetrySample })),
      markers: z.array(z.object({ session: z.number().int(), marker: TelemetryMarker })),
    }),
  },
  /**
   * Measures every other model of the run against `reference` (perplexity, KL divergence, Δp,
   * same top token) on a text file or the test set's expected answers, one model loaded at a
   * time, and stores the figures with the run; progress and the end arrive as `runs.fidelityProgress`.
   */
  'runs.measureFidelity': { input: MeasureFidelityInput, output: z.null() },
  /** A run's stored fidelity figures per model. */
  'runs.fidelity': { input: RunIdInput, output: RunFidelity },
} as const;

export const runEvents = {
  /** The run list changed (created, finished, paused, cancelled, deleted): reload it. */
  'runs.changed': z.null(),
  /** Live state of a running run. */
  'runs.progress': RunProgress,
  /** The streamed output of a running run's current case, piece by piece. */
  'runs.output': RunOutput,
  /** A fidelity measurement's progress; the last one has `done` (and `error` when it failed). */
  'runs.fidelityProgress': FidelityProgress,
} as const;
