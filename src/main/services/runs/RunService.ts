import path from 'node:path';
import type { CallName, RunListItem } from '../../../shared/api';
import { paramOverrides, type ParamOverride } from '../../../shared/effectiveParams';
import { endpointName, remoteModelId } from '../../../shared/remoteModel';
import { RunSpec, type NewRun, type RunCase, type RunProgress } from '../../../shared/runs';
import { UserFacingError } from '../../../shared/result';
import { expandRobustness } from '../../../shared/robustness/expandRobustness';
import type { RobustnessOptions } from '../../../shared/robustness/RobustnessOptions';
import { renderCase } from '../../../shared/testset/renderCase';
import { formatDiagnostic } from '../../../shared/testset/TestSetDiagnostic';
import type { LoadedTestSet } from '../../../shared/testset/TestSetLoadResult';
import type { Engine } from '../engine/Engine';
import type { EventBus } from '../EventBus';
import type { ModelLibrary } from '../models/ModelLibrary';
import type { HandlerSlice } from '../router';
import type { Store } from '../store/Store';
import { judgeRun } from '../scoring/judge/judgeRun';
import { similarityRun } from '../scoring/similarityRun';
import { DEFAULT_JUDGE_TEMPLATE } from '../scoring/judge/judgePrompt';
import { TelemetryStore } from '../telemetry/TelemetryStore';
import { loadTestSetFile } from '../testsets/loadTestSetFile';
import type { TestSetValidator } from '../testsets/validation/TestSetValidator';
import type { RemoteCasesDeps } from '../remote/runRemoteModelCases';
import { captureEnvironment } from './captureEnvironment';
import { executeRun, type ExecuteRunOptions } from './executeRun';
import type { LoadedRunFile } from './loadRunFile';
import { engineRunner, type ModelRunner } from './ModelRunner';
import { RunActivity } from './RunActivity';
import { RunStore } from './RunStore';
import { optionalFields } from '../../../shared/optionalFields';

/** A test set file that does not validate, with every diagnostic as `file:line:col: message`. */
export class TestSetInvalidError extends UserFacingError {
  constructor(readonly problems: string[]) {
    super('invalid_input', problems.join('\n'), 'Fix the test set (`evalbench validate FILE` lists the same problems) and run again.');
    this.name = 'TestSetInvalidError';
  }
}

/** Runs as the app and the command line use them: created from a test set and models, executed, resumed. */
export class RunService {
  readonly runs: RunStore;
  readonly telemetry: TelemetryStore;
  private readonly runner: ModelRunner;
  private readonly cancelling = new Set<string>();
  /** Each run's current execution, so a resume right after a pause waits for the pause to settle. */
  private readonly executions = new Map<string, Promise<unknown>>();
  /** How the host validates test sets (big ones off its event loop); unset, on the calling thread. */
  testSetValidator: TestSetValidator | undefined;

  constructor(
    store: Store,
    private readonly library: ModelLibrary,
    private readonly engine: Engine,
    private readonly bus: EventBus,
    /** The judge prompt in force (settings can change it between runs). */
    private readonly judgeTemplate: () => string = () => DEFAULT_JUDGE_TEMPLATE,
    /** How remote models reach their endpoints: the app's stored API keys; the environment everywhere. */
    private readonly remote: RemoteCasesDeps = {},
    /** Which runs are executing or being measured for fidelity, shared with the fidelity service. */
    private readonly activity: RunActivity = new RunActivity(),
  ) {
    this.runs = new RunStore(store);
    this.telemetry = new TelemetryStore(store);
    this.runner = engineRunner(engine, library);
  }

  /** The calls this service answers, for the router. */
  handlers(): HandlerSlice<Exclude<Extract<CallName, `runs.${string}`>, 'runs.summary' | 'runs.measureFidelity' | 'runs.fidelity'>> {
    return {
      'runs.list': () => this.list(),
      'runs.testSetParams': ({ testSetPath }) => this.testSetParams(testSetPath),
      'runs.start': async (request) => {
        const runId = await this.create(request);
        this.startInBackground(runId);
        return { runId };
      },
      'runs.resume': ({ runId }) => {
        this.startInBackground(runId);
        return null;
      },
      'runs.pause': ({ runId }) => {
        this.pause(runId);
        return null;
      },
      'runs.cancel': ({ runId }) => {
        this.cancel(runId);
        return null;
      },
      'runs.rename': ({ runId, name }) => {
        this.rename(runId, name);
        return null;
      },
      'runs.delete': ({ runId }) => {
        this.remove(runId);
        return null;
      },
      'runs.get': ({ runId }) => {
        const run = this.runs.get(runId);
        return { id: run.id, status: run.status, spec: run.spec, cases: run.cases, environment: run.environment, createdAt: run.createdAt };
      },
      'runs.results': ({ runId }) => this.runs.scoredResults(runId),
      'runs.resultsPage': ({ runId, offset, limit }) => this.runs.scoredResultsPage(runId, offset, limit),
      'runs.telemetry': ({ runId }) => ({ samples: this.telemetry.samples(runId), markers: this.telemetry.markers(runId) }),
    };
  }

  /** Validates the run file's test set, adds its models to the library, and stores the run, ready to execute. */
  async createFromFile(loaded: LoadedRunFile): Promise<string> {
    await this.loadTestSet(loaded.testSetPath);
    const localPaths = loaded.modelPaths.filter((file) => file !== null);
    const { added, skipped } = localPaths.length === 0 ? { added: [], skipped: [] } : await this.library.add(localPaths);
    const modelIds: string[] = [];
    for (const file of loaded.modelPaths) {
      if (file === null) {
        modelIds.push('');
        continue;
      }
      const justAdded = added.find((m) => m.path === file);
      // A file whose content the library already holds (say, fixtures the app added from another
      // folder) is merged into that entry once hashed; the run must use the entry that stays.
      const model = justAdded === undefined ? this.library.list().find((m) => m.path === file) : await this.library.settle(justAdded.id);
      if (model === undefined) {
        const reason = skipped.find((s) => s.path === file)?.reason ?? 'it could not be added';
        throw new UserFacingError('invalid_input', `${loaded.file}: model ${file}: ${reason}`);
      }
      modelIds.push(model.id);
    }
    const rf = loaded.runFile;
    return this.create({
      name: rf.name ?? path.basename(loaded.file).replace(/\.(ya?ml|json)$/i, ''),
      testSetPath: loaded.testSetPath,
      models: rf.models.map((m, i) =>
        'path' in m
          ? { modelId: modelIds[i] ?? '', ...optionalFields({ label: m.label }), load: m.load ?? {} }
          : { modelId: remoteModelId(m.label), label: m.label, remote: { api: m.api, endpoints: m.endpoints } },
      ),
      ...optionalFields({
        params: rf.params,
        mode: rf.mode,
        repetitions: rf.repetitions,
        warmup: rf.warmup,
        order: rf.order,
        parallel: rf.parallel,
        useCache: rf.useCache,
        robustness: rf.robustness,
      }),
    });
  }

  /** Stores a run of library models on a test set file, ready to execute. */
  async create(request: NewRun): Promise<string> {
    const testSet = await this.loadTestSet(request.testSetPath);
    for (const model of request.models) {
      if (model.remote !== undefined) {
        checkRemoteModel(model, this.remote.env ?? process.env);
        continue;
      }
      const entry = this.library.get(model.modelId);
      const errors = entry.problems.filter((p) => p.severity === 'error');
      if (errors.length > 0)
        throw new UserFacingError(
          'invalid_input',
          `${entry.name} cannot be loaded: ${errors.map((e) => e.message).join('; ')}`,
          errors[0]?.hint,
        );
      if (entry.status === 'missing')
        throw new UserFacingError('not_found', `${entry.name}: the file ${entry.path} is gone.`, 'Add it again from where it is now.');
    }
    const models = request.models.map((m) => (m.remote === undefined ? m : { ...m, modelId: remoteModelId(m.label ?? '') }));
    const spec = RunSpec.parse({ ...request, models, name: request.name ?? testSet.name });
    const cases = spec.robustness === undefined ? runCases(testSet) : robustCases(runCases(testSet), spec.robustness);
    const id = this.runs.create(spec, cases, await captureEnvironment(), path.resolve(request.testSetPath));
    this.bus.emit('runs.changed', null);
    return id;
  }

  /** What the test set's defaults and cases set over the run's generation parameters (they win; see `effectiveParams`). */
  async testSetParams(testSetPath: string): Promise<{ caseCount: number; overrides: ParamOverride[] }> {
    const cases = runCases(await this.loadTestSet(testSetPath));
    return { caseCount: cases.length, overrides: paramOverrides(cases) };
  }

  /** Executes what is missing of a run; resolves with how it ended. One execution per run at a time. */
  async execute(runId: string, options: Omit<ExecuteRunOptions, 'signal'> & { signal?: AbortSignal } = {}): Promise<RunProgress['status']> {
    if (this.activity.has(runId, 'cases'))
      throw new UserFacingError('conflict', 'This run is already running.', 'Pause it first, or wait for it to finish.');
    this.refuseWhileMeasuring(runId);
    const controller = new AbortController();
    // A signal that fired before (Ctrl-C while the run was being created) stops it as well.
    if (options.signal?.aborted === true) controller.abort();
    options.signal?.addEventListener('abort', () => controller.abort(), { once: true });
    this.activity.begin(runId, 'cases', controller);
    try {
      const status = await executeRun({ runs: this.runs, telemetry: this.telemetry, runner: this.runner, remote: this.remote }, runId, {
        ...options,
        signal: controller.signal,
        onProgress: (progress) => {
          options.onProgress?.(progress);
          this.bus.emit('runs.progress', progress);
        },
        onText: (output) => {
          options.onText?.(output);
          this.bus.emit('runs.output', { runId, ...output });
        },
      });
      // Judge models grade once every output exists, so the models under test were never sharing memory with them.
      if (status === 'completed') {
        const deps = { runs: this.runs, engine: this.engine, library: this.library, signal: controller.signal };
        await similarityRun(deps, runId);
        await judgeRun({ ...deps, template: this.judgeTemplate() }, runId);
      }
      return status;
    } finally {
      this.activity.end(runId, 'cases');
      // The orchestrator ends an aborted run as paused; a cancel asked for more.
      if (this.cancelling.delete(runId)) this.runs.setStatus(runId, 'cancelled');
      this.bus.emit('runs.changed', null);
    }
  }

  /** Stops a running run after its current case; executing it again resumes it. */
  pause(runId: string): void {
    this.activity.controller(runId, 'cases')?.abort();
  }

  /** Stops a run for good: it keeps its finished cases and will not be resumed by the app. */
  cancel(runId: string): void {
    const running = this.activity.controller(runId, 'cases');
    if (running) {
      this.cancelling.add(runId);
      running.abort();
      return;
    }
    this.runs.get(runId);
    this.runs.setStatus(runId, 'cancelled');
    this.bus.emit('runs.changed', null);
  }

  /** Starts executing a run in the background (new or resumed); progress and the end arrive as events. */
  startInBackground(runId: string): void {
    this.runs.get(runId);
    // Said to the caller now, rather than later as a failed run.
    this.refuseWhileMeasuring(runId);
    const previous = this.executions.get(runId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.execute(runId));
    this.executions.set(runId, next);
    // One chain that handles the failure: a second, unhandled one would end the host.
    void next
      .catch((error: unknown) => this.recordFailure(runId, error))
      .finally(() => {
        if (this.executions.get(runId) === next) this.executions.delete(runId);
      });
  }

  /** A background execution failed: said on stderr, and the run marked failed where the store still can. */
  private recordFailure(runId: string, error: unknown): void {
    process.stderr.write(`[evalbench] run ${runId} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    try {
      this.runs.setStatus(runId, 'failed');
    } catch (statusError) {
      // A full disk fails this write too; the run stays as it was and resumes the same.
      process.stderr.write(
        `[evalbench] run ${runId} could not be marked failed: ${statusError instanceof Error ? statusError.message : String(statusError)}\n`,
      );
    }
    this.bus.emit('runs.progress', { ...idleProgress(runId), status: 'failed' });
  }

  private refuseWhileMeasuring(runId: string): void {
    // Running the cases while the run's models are measured for fidelity would load every model twice.
    if (this.activity.has(runId, 'fidelity'))
      throw new UserFacingError(
        'conflict',
        'This run’s models are being measured for fidelity right now.',
        'Wait for the measurement to finish, then resume the run.',
      );
  }

  isActive(runId: string): boolean {
    return this.activity.has(runId, 'cases');
  }

  list(): RunListItem[] {
    const labels = new Map(this.library.list().map((m) => [m.id, m.name]));
    return this.runs.list().map((run) => ({
      id: run.id,
      name: run.spec.name,
      status: run.status,
      createdAt: run.createdAt,
      finishedAt: run.finishedAt,
      mode: run.spec.mode,
      models: run.spec.models.map((m) => m.label ?? labels.get(m.modelId) ?? m.modelId),
      caseCount: run.caseCount,
      total: run.caseCount * run.spec.models.length * run.spec.repetitions,
      done: run.resultCount,
      testSetPath: run.testSetPath,
      active: this.activity.has(run.id, 'cases'),
    }));
  }

  rename(runId: string, name: string): void {
    this.runs.rename(runId, name);
    this.bus.emit('runs.changed', null);
  }

  remove(runId: string): void {
    if (this.activity.has(runId, 'cases'))
      throw new UserFacingError('conflict', 'This run is still running.', 'Pause or cancel it before deleting it.');
    this.runs.remove(runId);
    this.bus.emit('runs.changed', null);
  }

  dispose(): void {
    this.activity.abortAll('cases');
  }

  private async loadTestSet(file: string): Promise<LoadedTestSet> {
    const result = await loadTestSetFile(file, file, this.testSetValidator);
    if (result.testSet === null) {
      throw new TestSetInvalidError(result.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic));
    }
    return result.testSet;
  }
}

/**
 * Refuses a remote model that cannot work before the run is stored: no label (results and
 * reports need one; it has no file name), or an API key variable that is not set here.
 */
function checkRemoteModel(model: NewRun['models'][number], env: NodeJS.ProcessEnv): void {
  if (model.label === undefined || model.label.trim() === '') {
    throw new UserFacingError(
      'invalid_input',
      'A remote model needs a label: it is how results and reports name it.',
      'Give the model a label.',
    );
  }
  for (const endpoint of model.remote?.endpoints ?? []) {
    const variable = endpoint.apiKeyEnv;
    if (variable !== undefined && (env[variable] ?? '').trim() === '') {
      throw new UserFacingError(
        'invalid_input',
        `${model.label}: the API key for ${endpointName(endpoint.baseUrl)} should be in the ${variable} environment variable, which is not set.`,
        `Set ${variable} before running, or remove apiKeyEnv if the server needs no key.`,
      );
    }
  }
}

/** The cases as a run stores them: rendered once, so the run keeps what the models were asked. */
export function runCases(testSet: LoadedTestSet): RunCase[] {
  return testSet.cases.map((testCase) => {
    const rendered = renderCase(testCase, testSet.defaults);
    return {
      id: testCase.id,
      input: rendered.input,
      params: rendered.params,
      tags: testCase.tags ?? [],
      expected: rendered.expected,
      scorers: rendered.scorers,
      vars: testCase.vars ?? {},
      ...optionalFields({ loglikelihood: rendered.loglikelihood }),
    };
  });
}

/** The cases with their perturbed variants; a test set id that clashes with a variant id is the user's to fix. */
function robustCases(cases: RunCase[], options: RobustnessOptions): RunCase[] {
  try {
    return expandRobustness(cases, options);
  } catch (error) {
    throw new UserFacingError('invalid_input', error instanceof Error ? error.message : String(error));
  }
}

function idleProgress(runId: string): RunProgress {
  return {
    runId,
    status: 'queued',
    done: 0,
    total: 0,
    errors: 0,
    currentModel: null,
    currentCase: null,
    tokensPerSecond: null,
    etaSeconds: null,
  };
}
