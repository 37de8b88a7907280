import { z } from 'zod';
import { GenerationInput, GenerationParams, GenerationResult, LoadedModelInfo, LoadOptions } from './engine';
import { MemoryEstimate, ModelDownload, ModelInspection, ModelSummary } from './models';
import { CaseResult, CaseScore, NewRun, RunCase, RunMode, RunProgress, RunSpec } from './runs';
import { RunSummary as RunStatsSummary } from './runSummary';
import { TelemetryMarker, TelemetrySample } from './telemetry';

/**
 * The one contract between the renderer and main. Every call the renderer may make and every
 * event it may receive is declared here with a runtime schema; both transports (Electron IPC and
 * the WebSocket bridge) and the router are generic over this table.
 */

/** The user's choice of colour scheme; `system` follows the operating system. */
export const ThemePreference = z.enum(['system', 'light', 'dark']);
export type ThemePreference = z.infer<typeof ThemePreference>;

/** Application-wide settings kept in the store, shared by every window and browser tab. */
export const Settings = z.object({
  /** Colour scheme: follow the OS, or force light or dark. */
  theme: ThemePreference,
  /** What judge models are asked; `{{rubric}}`, `{{prompt}}`, `{{expected}}` and `{{output}}` are filled in. Main always fills it (its default until changed). */
  judgeTemplate: z.string().min(1).optional(),
});
export type Settings = z.infer<typeof Settings>;

/** Facts about the running workbench, shown in the status bar and in bug reports. */
export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  /** Where the store and caches live (EVALBENCH_HOME overrides the OS default). */
  dataDir: z.string(),
  /** Highest store migration applied. */
  storeSchemaVersion: z.number().int().nonnegative(),
  /** `electron` for the desktop app, `browser` for `evalbench serve`, `cli` for commands like `evalbench run`. */
  host: z.enum(['electron', 'browser', 'cli']),
  platform: z.string(),
  arch: z.string(),
  nodeVersion: z.string(),
  electronVersion: z.string().nullable(),
});
export type AppInfo = z.infer<typeof AppInfo>;

/** A test set as listed in the library. */
export const TestSetSummary = z.object({
  id: z.string(),
  name: z.string(),
  /** File on disk the test set is saved to. */
  path: z.string(),
  caseCount: z.number().int().nonnegative(),
  updatedAt: z.string(),
});
export type TestSetSummary = z.infer<typeof TestSetSummary>;

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
});
export type RunListItem = z.infer<typeof RunListItem>;

const NoInput = z.object({}).strict();
const RunIdInput = z.object({ runId: z.string() }).strict();
const NewRunInput = NewRun;

/** A model loaded in a worker, as the UI lists it. */
export const LoadedModelView = z.object({
  loadId: z.string(),
  modelId: z.string(),
  modelName: z.string(),
  options: LoadOptions,
  info: LoadedModelInfo,
});
export type LoadedModelView = z.infer<typeof LoadedModelView>;

/** A streamed piece of a generation started with `engine.generate`; the last one has `done`. */
export const GenerationOutput = z.object({
  generationId: z.string(),
  /** Text added since the previous piece. */
  text: z.string(),
  done: z.boolean(),
  result: GenerationResult.nullable(),
  error: z.object({ code: z.string(), message: z.string(), hint: z.string().optional(), logs: z.array(z.string()) }).nullable(),
});
export type GenerationOutput = z.infer<typeof GenerationOutput>;

/** Every call: its input and output schema. Names are `domain.verb`. */
export const calls = {
  'app.info': { input: NoInput, output: AppInfo },
  'settings.get': { input: NoInput, output: Settings },
  'settings.update': { input: Settings.partial().strict(), output: Settings },
  'testSets.list': { input: NoInput, output: z.array(TestSetSummary) },
  'models.list': { input: NoInput, output: z.array(ModelSummary) },
  /** Adds files and folders (searched recursively for .gguf); split models become one entry. */
  'models.add': {
    input: z.object({ paths: z.array(z.string().min(1)).min(1) }).strict(),
    output: z.object({ added: z.array(ModelSummary), skipped: z.array(z.object({ path: z.string(), reason: z.string() })) }),
  },
  /** Forgets a model; the file on disk is left alone. */
  'models.remove': { input: z.object({ id: z.string() }).strict(), output: z.null() },
  /** Reads and checks a file without adding it. */
  'models.inspect': { input: z.object({ path: z.string().min(1) }).strict(), output: ModelInspection },
  'models.estimateMemory': {
    input: z.object({ id: z.string(), contextSize: z.number().int().min(16).max(1_048_576) }).strict(),
    output: MemoryEstimate,
  },
  /** Starts downloading a URL or `hf:owner/repo/file.gguf`; progress arrives as `models.downloads` events. */
  'models.download': {
    input: z.object({ reference: z.string().min(1), destDir: z.string().min(1).optional() }).strict(),
    output: ModelDownload,
  },
  'models.cancelDownload': { input: z.object({ id: z.string() }).strict(), output: z.null() },
  'models.downloads': { input: NoInput, output: z.array(ModelDownload) },
  /** Loads a library model into its own worker process. */
  'engine.load': { input: z.object({ modelId: z.string(), options: LoadOptions.optional() }).strict(), output: LoadedModelView },
  'engine.unload': { input: z.object({ loadId: z.string() }).strict(), output: z.null() },
  'engine.loaded': { input: NoInput, output: z.array(LoadedModelView) },
  /** Starts a generation; its text streams as `engine.output` events. */
  'engine.generate': {
    input: z.object({ loadId: z.string(), input: GenerationInput, params: GenerationParams.optional() }).strict(),
    output: z.object({ generationId: z.string() }),
  },
  'engine.cancel': { input: z.object({ generationId: z.string() }).strict(), output: z.null() },
  'runs.list': { input: NoInput, output: z.array(RunListItem) },
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
  'runs.get': { input: RunIdInput, output: z.object({ id: z.string(), status: RunStatus, spec: RunSpec, cases: z.array(RunCase), environment: z.unknown(), createdAt: z.string() }) },
  /** Per-model figures with intervals and comparisons against the baseline. */
  'runs.summary': { input: z.object({ runId: z.string(), baseline: z.string().optional() }).strict(), output: RunStatsSummary },
  /** Every stored result with its scores. */
  'runs.results': { input: RunIdInput, output: z.array(CaseResult.extend({ scores: z.array(CaseScore) })) },
  /** The run's resource time line. */
  'runs.telemetry': {
    input: RunIdInput,
    output: z.object({ samples: z.array(z.object({ session: z.number().int(), sample: TelemetrySample })), markers: z.array(z.object({ session: z.number().int(), marker: TelemetryMarker })) }),
  },
} as const;

/** Every event main may push: its payload schema. */
export const events = {
  'settings.changed': Settings,
  /** The whole library after any change (added, hashed, removed, found missing). */
  'models.changed': z.array(ModelSummary),
  /** Every download this session, on each progress step. */
  'models.downloads': z.array(ModelDownload),
  /** Something the library did on its own that the user should know, e.g. a copy it folded into a known model. */
  'models.notice': z.object({ message: z.string() }),
  'engine.output': GenerationOutput,
  /** The run list changed (created, finished, paused, cancelled, deleted): reload it. */
  'runs.changed': z.null(),
  /** Live state of a running run. */
  'runs.progress': RunProgress,
  'engine.loadedChanged': z.array(LoadedModelView),
} as const;

export type CallName = keyof typeof calls;
export type CallInput<N extends CallName> = z.input<(typeof calls)[N]['input']>;
export type CallOutput<N extends CallName> = z.output<(typeof calls)[N]['output']>;
export type EventName = keyof typeof events;
export type EventPayload<N extends EventName> = z.output<(typeof events)[N]>;

/** Prefix of every IPC channel and WebSocket message kind, checked by both transports. */
export const CHANNEL_PREFIX = 'evalbench:';
export const INVOKE_CHANNEL = `${CHANNEL_PREFIX}invoke`;
export const EVENT_CHANNEL = `${CHANNEL_PREFIX}event`;

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(calls, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}
