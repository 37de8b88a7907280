import { z } from 'zod';
import { GenerationInput, GenerationParams, GenerationResult, LoadedModelInfo, LoadOptions, MemoryEstimateOptions } from './engine';
import { ParamOverride } from './effectiveParams';
import { FidelityProgress, MeasureFidelityInput, RunFidelity } from './fidelity';
import { KnownModelFolder, MemoryEstimate, ModelDownload, ModelInspection, ModelSummary } from './models';
import { CaseScore, NewRun, RunCase, RunMode, RunOutput, RunProgress, RunSpec, ScoredCaseResult } from './runs';
import { RunSummary as RunStatsSummary } from './runSummary';
import { ExportedFile, ReportFormat, ReportOptions } from './reports';
import { ScorerSpec } from './testset/ScorerSpec';
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
  /** Physical CPU cores of the machine running the models: what `auto` threads chooses among. */
  physicalCores: z.number().int().positive(),
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

/** Unsaved edits of a test set, kept by main while the user types so that a crash or a quit loses nothing. */
export const TestSetDraft = z.object({
  text: z.string(),
  /** When the draft was last written. */
  savedAt: z.string(),
  /** Hash of the file the edits started from; another hash on disk now means the file changed since. */
  baseHash: z.string().nullable(),
});
export type TestSetDraft = z.infer<typeof TestSetDraft>;

/** A test set opened for editing: the file as saved, and the draft left by an earlier session, if any. */
export const TestSetDocument = z.object({
  summary: TestSetSummary,
  /** How the text is parsed: `.jsonl`/`.ndjson` are JSONL, everything else YAML (JSON is YAML too). */
  format: z.enum(['yaml', 'jsonl']),
  /** The file's text; empty when the file is missing. */
  text: z.string(),
  /** SHA-256 of the file's text, to notice changes made on disk by someone else; null when missing. */
  hash: z.string().nullable(),
  fileMissing: z.boolean(),
  /** Whether the file lies in the library's own folder (deleting moves it to the trash folder). */
  managed: z.boolean(),
  draft: TestSetDraft.nullable(),
});
export type TestSetDocument = z.infer<typeof TestSetDocument>;

/** An example test set shipped with Evalbench, to start a new one from. */
export const TestSetExample = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  caseCount: z.number().int().nonnegative(),
});
export type TestSetExample = z.infer<typeof TestSetExample>;

/** File formats a test set can be imported from. */
export const TestSetImportKind = z.enum(['csv', 'tsv', 'promptfoo', 'qa-jsonl', 'multiple-choice-jsonl']);
export type TestSetImportKind = z.infer<typeof TestSetImportKind>;

/** What an import made: the new test set, and what could not be carried over, with source lines. */
export const TestSetImportOutcome = z.object({
  document: TestSetDocument,
  unmapped: z.array(z.object({ line: z.number().int().nullable(), what: z.string(), reason: z.string() })),
  errors: z.array(z.object({ line: z.number().int(), column: z.number().int(), message: z.string() })),
});
export type TestSetImportOutcome = z.infer<typeof TestSetImportOutcome>;

const TestSetName = z.string().trim().min(1).max(200);
const TestSetText = z.string().max(64 * 1024 * 1024);

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

/** A person's verdict on one case result: `unsure` records the look without overriding anything. */
export const ReviewVerdict = z.enum(['pass', 'fail', 'unsure']);
export type ReviewVerdict = z.infer<typeof ReviewVerdict>;

/** Which case result a review label belongs to: one model's answer to one case, one repetition. */
export const ReviewKey = z.object({
  runId: z.string(),
  modelKey: z.string(),
  caseId: z.string(),
  repetition: z.number().int().nonnegative(),
});
export type ReviewKey = z.infer<typeof ReviewKey>;

/**
 * A human review of one case result. A `pass` or `fail` verdict overrides the automatic
 * pass/fail in the statistics the app shows; the automatic scores are kept beside it.
 */
export const ReviewLabel = ReviewKey.extend({
  verdict: ReviewVerdict.nullable(),
  /** Free text: why it was marked so. */
  note: z.string(),
  /** The reviewer's own labels, e.g. `hallucination`, `format`. */
  tags: z.array(z.string()),
  updatedAt: z.string(),
});
export type ReviewLabel = z.infer<typeof ReviewLabel>;

/**
 * Every call: its input and output schema. Names are `domain.verb`.
 *
 * `outputFromStore: true` marks a call whose (large) output is read straight from the store, which
 * accepts only values its schemas parsed: the router then skips checking the output again in
 * development, which for a big run's results would block main for seconds. Inputs are checked
 * for every call; the renderer checks the first and last element of each list it receives (every
 * element has the same shape), which catches a main of another version.
 */
export const calls = {
  'app.info': { input: NoInput, output: AppInfo },
  'settings.get': { input: NoInput, output: Settings },
  'settings.update': { input: Settings.partial().strict(), output: Settings },
  /** Names of the API keys kept in the system keychain (desktop app), for remote endpoints' `apiKeyName`; never the keys. */
  'apiKeys.list': { input: NoInput, output: z.array(z.string()) },
  /** Stores (or replaces) an API key in the system keychain; refused headless and without a keychain. */
  'apiKeys.set': { input: z.object({ name: z.string().min(1).max(100), key: z.string().min(1).max(4096) }).strict(), output: z.null() },
  'apiKeys.remove': { input: z.object({ name: z.string().min(1) }).strict(), output: z.null() },
  'testSets.list': { input: NoInput, output: z.array(TestSetSummary) },
  /** Registers test set files put in the library folder by hand and re-reads names and case counts from disk. */
  'testSets.refresh': { input: NoInput, output: z.array(TestSetSummary) },
  'testSets.examples': { input: NoInput, output: z.array(TestSetExample) },
  /** A new file in the library folder: empty (a short skeleton) or a copy of an example. */
  'testSets.create': {
    input: z.object({ name: TestSetName, example: z.string().min(1).optional(), format: z.enum(['yaml', 'jsonl']).optional() }).strict(),
    output: TestSetDocument,
  },
  /** Opens a library test set by id, or any file by path (added to the library). */
  'testSets.open': {
    input: z.union([z.object({ id: z.string().min(1) }).strict(), z.object({ path: z.string().min(1) }).strict()]),
    output: TestSetDocument,
  },
  /**
   * Writes the text to the file (atomically) and drops the draft. `baseHash` is the hash the edits
   * started from: a file changed on disk since is a `conflict` unless `force`.
   */
  'testSets.save': {
    input: z.object({ id: z.string(), text: TestSetText, baseHash: z.string().nullable(), force: z.boolean().optional() }).strict(),
    output: z.object({ summary: TestSetSummary, hash: z.string() }),
  },
  /** Keeps unsaved edits in main (the renderer sends them a moment after typing stops). */
  'testSets.saveDraft': {
    input: z.object({ id: z.string(), text: TestSetText, baseHash: z.string().nullable() }).strict(),
    output: z.object({ savedAt: z.string() }),
  },
  'testSets.discardDraft': { input: z.object({ id: z.string() }).strict(), output: z.null() },
  /** Test sets with unsaved edits kept as drafts. */
  'testSets.drafts': { input: NoInput, output: z.array(z.object({ id: z.string(), savedAt: z.string() })) },
  /**
   * Sets the test set's `name` in its file (and in `text`, the editor's unsaved version, when given)
   * and renames a library-folder file to match. Answers the saved document and the renamed `text`.
   */
  'testSets.rename': {
    input: z.object({ id: z.string(), name: TestSetName, text: TestSetText.optional() }).strict(),
    output: z.object({ document: TestSetDocument, text: z.string().nullable() }),
  },
  /** A copy in the library folder under a new name, of `text` when given (unsaved edits included), else of the file. */
  'testSets.duplicate': {
    input: z.object({ id: z.string(), name: TestSetName, text: TestSetText.optional() }).strict(),
    output: TestSetDocument,
  },
  /** Forgets a test set and its draft; a file in the library folder moves to the trash folder, any other stays. */
  'testSets.delete': { input: z.object({ id: z.string() }).strict(), output: z.object({ trashedTo: z.string().nullable() }) },
  /** Converts a CSV, promptfoo or question-answer JSONL file into a new test set in the library folder. */
  'testSets.import': {
    input: z.object({ kind: TestSetImportKind, fileName: z.string().min(1), text: TestSetText, name: TestSetName.optional() }).strict(),
    output: TestSetImportOutcome,
  },
  /** The cases as CSV (of `text` when given, else of the file), and what CSV has no room for. */
  'testSets.exportCsv': {
    input: z.object({ id: z.string(), text: TestSetText.optional() }).strict(),
    output: z.object({ fileName: z.string(), csv: z.string(), lost: z.array(z.string()) }),
  },
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
  /** Folders where LM Studio, the Hugging Face cache and llama.cpp keep GGUF files, those that exist here. */
  'models.knownFolders': { input: NoInput, output: z.array(KnownModelFolder) },
  'models.estimateMemory': {
    input: z.object({ id: z.string(), contextSize: z.number().int().min(16).max(1_048_576), options: MemoryEstimateOptions.optional() }).strict(),
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
  /** Scores one output with a case's scorers, as a run would (judge and embedding scorers stay pending). */
  'scoring.score': {
    input: z
      .object({
        scorers: z.array(ScorerSpec),
        output: z.string(),
        expected: z.array(z.string()),
        vars: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
      })
      .strict(),
    output: z.object({ scores: z.array(CaseScore), passed: z.boolean().nullable(), score: z.number().nullable() }),
  },
  'runs.list': { input: NoInput, output: z.array(RunListItem) },
  /** What a test set file's defaults and cases set over the run's generation parameters, for the New-run form. */
  'runs.testSetParams': { input: z.object({ testSetPath: z.string().min(1) }).strict(), output: z.object({ caseCount: z.number().int().nonnegative(), overrides: z.array(ParamOverride) }) },
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
  'runs.results': { input: RunIdInput, output: z.array(ScoredCaseResult), outputFromStore: true },
  /**
   * The stored results of the run's cases `offset … offset + limit - 1` (positions in the run's
   * case list), every model and repetition of each, so a page holds whole cases: what Compare loads
   * a big run with, showing the first screen while the rest arrives. `nextOffset` is null after the
   * last case.
   */
  'runs.resultsPage': {
    input: z.object({ runId: z.string(), offset: z.number().int().nonnegative(), limit: z.number().int().min(1).max(100_000) }).strict(),
    output: z.object({ results: z.array(ScoredCaseResult), caseCount: z.number().int().nonnegative(), nextOffset: z.number().int().positive().nullable() }),
    outputFromStore: true,
  },
  /** The run's resource time line. */
  'runs.telemetry': {
    input: RunIdInput,
    output: z.object({ samples: z.array(z.object({ session: z.number().int(), sample: TelemetrySample })), markers: z.array(z.object({ session: z.number().int(), marker: TelemetryMarker })) }),
  },
  /**
   * Measures every other model of the run against `reference` (perplexity, KL divergence, Δp,
   * same top token) on a text file or the test set's expected answers, one model loaded at a
   * time, and stores the figures with the run; progress and the end arrive as `runs.fidelityProgress`.
   */
  'runs.measureFidelity': { input: MeasureFidelityInput, output: z.null() },
  /** A run's stored fidelity figures per model. */
  'runs.fidelity': { input: RunIdInput, output: RunFidelity },
  /** Every human review label of a run. */
  'review.list': { input: RunIdInput, output: z.array(ReviewLabel) },
  /**
   * Stores the whole label of one case result (replacing the previous one); a label with no
   * verdict, note or tags is removed, and the answer is null. Others see it as `review.changed`.
   */
  'review.set': {
    input: ReviewKey.extend({
      verdict: ReviewVerdict.nullable(),
      note: z.string().max(10_000),
      tags: z.array(z.string().trim().min(1).max(64)).max(32),
    }).strict(),
    output: ReviewLabel.nullable(),
  },
  /** The report of a run as one self-contained HTML page, for the in-app preview. */
  'reports.render': { input: ReportOptions, output: z.object({ html: z.string() }) },
  /**
   * Writes the report (HTML, Markdown with its SVG charts, PDF) or the run's data (CSV, JSONL,
   * JSON) under the data folder's reports/ folder, and answers each file with its bytes so the
   * browser host can download them.
   */
  'reports.export': { input: z.object({ options: ReportOptions, format: ReportFormat }).strict(), output: z.object({ files: z.array(ExportedFile) }) },
} as const;

/** Every event main may push: its payload schema. */
export const events = {
  'settings.changed': Settings,
  /** The whole test set library after any change (created, saved, renamed, imported, deleted). */
  'testSets.changed': z.array(TestSetSummary),
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
  /** The streamed output of a running run's current case, piece by piece. */
  'runs.output': RunOutput,
  /** A fidelity measurement's progress; the last one has `done` (and `error` when it failed). */
  'runs.fidelityProgress': FidelityProgress,
  'engine.loadedChanged': z.array(LoadedModelView),
  /** A review label was stored or removed (`label` null), by this window or another. */
  'review.changed': ReviewKey.extend({ label: ReviewLabel.nullable() }),
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

/** Whether the call's output is read from the store and trusted as written (see `calls`). */
export function isOutputFromStore(name: CallName): boolean {
  const spec: { output: unknown; outputFromStore?: boolean } = calls[name];
  return spec.outputFromStore === true;
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}
