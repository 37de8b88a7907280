import { physicalCores } from './system/physicalCores';
import fs from 'node:fs';
import path from 'node:path';
import { EngineService } from './engine/EngineService';
import { ApiKeyStore, type SecretCipher } from './remote/ApiKeyStore';
import type { RemoteCasesDeps } from './remote/runRemoteModelCases';
import { RunService } from './runs/RunService';
import { overallScore, scoreOutput } from './scoring/scoreOutput';
import { DEFAULT_JUDGE_TEMPLATE } from './scoring/judge/judgePrompt';
import { ReviewService } from './review/ReviewService';
import { chromiumPdfPrinter, type PdfPrinter } from './reports/printPdf';
import { ReportService } from './reports/ReportService';
import { SummaryService } from './runs/summary/SummaryService';
import { FidelityService } from './fidelity/FidelityService';
import type { WorkerLauncher } from './engine/WorkerProcess';
import { EventBus } from './EventBus';
import { LibraryService } from './LibraryService';
import { packageRoot } from './appPaths';
import { TestSetLibrary } from './testsets/library/TestSetLibrary';
import { TestSetValidator } from './testsets/validation/TestSetValidator';
import { ModelDownloads } from './models/ModelDownloads';
import { findKnownModelFolders } from './models/knownModelFolders';
import { ModelLibrary } from './models/ModelLibrary';
import { createRouter, type Router } from './router';
import { SettingsService } from './SettingsService';
import { Store } from './store/Store';
import { versionInfo } from './versionInfo';

export interface ServicesOptions {
  /** The per-user data folder (see `dataDir`). */
  home: string;
  host: 'electron' | 'browser' | 'cli';
  electronVersion?: string | null;
  /** How inference workers start: the built worker script and the process API for this host. */
  engine: { workerScript: string; launch: WorkerLauncher };
  /** The built summary worker (run summaries off the event loop); without it, or when it is not built, they are computed in-process. */
  summaryWorkerScript?: string;
  /** The built test set worker (big test sets parsed and checked off the event loop); without it, or when it is not built, in-process. */
  testSetWorkerScript?: string;
  onInternalError?: (call: string, error: unknown) => void;
  /** How PDF reports are printed: Electron's printToPDF in the app; headless Chromium by default. */
  pdf?: PdfPrinter;
  /** How remote models reach their endpoints; their API keys come from `remote.env` (the CLI's own environment) by default. */
  remote?: RemoteCasesDeps;
  /** The system keychain for stored API keys (Electron's safeStorage in the app); none headless. */
  secretCipher?: SecretCipher;
}

/** Every service, wired once; the same object backs the desktop app and the headless host. */
export interface Services {
  readonly bus: EventBus;
  readonly store: Store;
  readonly router: Router;
  readonly models: ModelLibrary;
  readonly downloads: ModelDownloads;
  readonly engine: EngineService;
  readonly runs: RunService;
  /** Quantisation fidelity stored with runs. */
  readonly fidelity: FidelityService;
  readonly reports: ReportService;
  /** Run summaries (pass rates with intervals, verdicts), cached and off the event loop where a worker is built. */
  readonly summaries: SummaryService;
  /** Stops workers and downloads, then closes the store. */
  close(): Promise<void>;
}

export function createServices(options: ServicesOptions): Services {
  const store = Store.open(path.join(options.home, 'evalbench.db'));
  const bus = new EventBus();
  const settings = new SettingsService(store, bus);
  const library = new LibraryService(store);
  const testSetValidator = new TestSetValidator(options.testSetWorkerScript ?? null);
  const testSets = new TestSetLibrary(store, bus, TestSetLibrary.foldersFor(options.home, path.join(packageRoot(), 'resources')), testSetValidator);
  const models = new ModelLibrary(store, bus);
  const downloads = new ModelDownloads(models, bus, path.join(options.home, 'models'));
  const engine = new EngineService(models, bus, options.engine);
  models.loadEstimator = (modelPath, loadOptions) => engine.engine.estimate(modelPath, loadOptions);
  const apiKeys = new ApiKeyStore(options.home, options.secretCipher ?? null);
  // Without a keychain (headless) no stored key can be read: runs naming one say to use apiKeyEnv instead.
  const runs = new RunService(store, models, engine.engine, bus, () => settings.get().judgeTemplate ?? DEFAULT_JUDGE_TEMPLATE, { ...(options.secretCipher === undefined ? {} : { apiKeys }), ...options.remote });
  runs.testSetValidator = testSetValidator;
  const reviews = new ReviewService(store, bus);
  const summaryWorker = options.summaryWorkerScript !== undefined && fs.existsSync(options.summaryWorkerScript) ? options.summaryWorkerScript : null;
  const summaries = new SummaryService(store, runs.runs, () => models.list().map((m) => [m.id, m.name]), summaryWorker);
  const fidelity = new FidelityService(store, runs.runs, models, engine.engine, bus, (runId) => runs.isActive(runId));
  runs.measuringFidelity = (runId) => fidelity.isMeasuring(runId);
  const reports = new ReportService({ runs, summaries, reviews, fidelity, models, reportsDir: path.join(options.home, 'reports'), pdf: options.pdf ?? chromiumPdfPrinter() });
  const { name, version } = versionInfo();

  const router = createRouter(
    {
      'app.info': () => ({
        name,
        version,
        dataDir: options.home,
        storeSchemaVersion: store.schemaVersion,
        host: options.host,
        platform: process.platform,
        arch: process.arch,
        nodeVersion: process.versions.node,
        electronVersion: options.electronVersion ?? null,
        physicalCores: physicalCores(),
      }),
      'settings.get': () => settings.get(),
      'settings.update': (patch) => settings.update(patch),
      'apiKeys.list': () => apiKeys.list(),
      'apiKeys.set': async ({ name, key }) => {
        await apiKeys.set(name, key);
        return null;
      },
      'apiKeys.remove': ({ name }) => {
        apiKeys.remove(name);
        return null;
      },
      'testSets.list': () => library.testSets(),
      'testSets.refresh': () => testSets.refresh(),
      'testSets.examples': () => testSets.listExamples(),
      'testSets.create': (input) => testSets.create(input),
      'testSets.open': (input) => testSets.open(input),
      'testSets.save': (input) => testSets.save(input),
      'testSets.saveDraft': (input) => testSets.saveDraft(input),
      'testSets.discardDraft': ({ id }) => testSets.discardDraft(id),
      'testSets.drafts': () => testSets.draftList(),
      'testSets.rename': (input) => testSets.rename(input),
      'testSets.duplicate': (input) => testSets.duplicate(input),
      'testSets.delete': ({ id }) => testSets.remove(id),
      'testSets.import': (input) => testSets.importFile(input),
      'testSets.exportCsv': (input) => testSets.exportCsv(input),
      'models.list': () => models.list(),
      'models.add': ({ paths }) => models.add(paths),
      'models.remove': ({ id }) => {
        models.remove(id);
        return null;
      },
      'models.inspect': ({ path: file }) => models.inspect(file),
      'models.knownFolders': () => findKnownModelFolders(),
      'models.estimateMemory': ({ id, contextSize, options }) => models.estimateMemory(id, contextSize, options),
      'models.download': ({ reference, destDir }) => downloads.start(reference, destDir),
      'models.cancelDownload': ({ id }) => {
        downloads.cancel(id);
        return null;
      },
      'models.downloads': () => downloads.list(),
      'engine.load': ({ modelId, options: loadOptions }) => engine.load(modelId, loadOptions),
      'engine.unload': async ({ loadId }) => {
        await engine.unload(loadId);
        return null;
      },
      'engine.loaded': () => engine.loaded(),
      'scoring.score': async ({ scorers, output, expected, vars }) => {
        const scores = await scoreOutput(scorers, { output, expected, vars });
        const overall = overallScore(scores);
        return { scores, passed: overall.passed, score: overall.score };
      },
      'engine.generate': ({ loadId, input, params }) => engine.generate(loadId, input, params),
      'engine.cancel': ({ generationId }) => {
        engine.cancel(generationId);
        return null;
      },
      'runs.list': () => runs.list(),
      'runs.testSetParams': ({ testSetPath }) => runs.testSetParams(testSetPath),
      'runs.start': async (request) => {
        const runId = await runs.create(request);
        runs.startInBackground(runId);
        return { runId };
      },
      'runs.resume': ({ runId }) => {
        runs.startInBackground(runId);
        return null;
      },
      'runs.pause': ({ runId }) => {
        runs.pause(runId);
        return null;
      },
      'runs.cancel': ({ runId }) => {
        runs.cancel(runId);
        return null;
      },
      'runs.rename': ({ runId, name: newName }) => {
        runs.rename(runId, newName);
        return null;
      },
      'runs.delete': ({ runId }) => {
        runs.remove(runId);
        return null;
      },
      'runs.get': ({ runId }) => {
        const run = runs.runs.get(runId);
        return { id: run.id, status: run.status, spec: run.spec, cases: run.cases, environment: run.environment, createdAt: run.createdAt };
      },
      // Off the event loop and cached; a person's review verdicts count over the scorers' (both are reported).
      'runs.summary': ({ runId, baseline }) => summaries.summary(runId, baseline),
      'runs.results': ({ runId }) => runs.runs.scoredResults(runId),
      'runs.resultsPage': ({ runId, offset, limit }) => runs.runs.scoredResultsPage(runId, offset, limit),
      'runs.telemetry': ({ runId }) => ({ samples: runs.telemetry.samples(runId), markers: runs.telemetry.markers(runId) }),
      'runs.measureFidelity': (input) => {
        fidelity.start(input);
        return null;
      },
      'runs.fidelity': ({ runId }) => fidelity.get(runId),
      'review.list': ({ runId }) => reviews.list(runId),
      'review.set': (label) => reviews.set(label),
      'reports.render': async (input) => ({ html: await reports.renderHtml(input) }),
      'reports.export': async ({ options: reportOptions, format }) => ({ files: await reports.export(reportOptions, format) }),
    },
    options.onInternalError === undefined ? {} : { onInternalError: options.onInternalError },
  );

  return {
    bus,
    store,
    router,
    models,
    downloads,
    engine,
    runs,
    fidelity,
    reports,
    summaries,
    close: async () => {
      runs.dispose();
      await summaries.dispose();
      await testSetValidator.dispose();
      fidelity.dispose();
      downloads.dispose();
      models.dispose();
      await engine.dispose();
      store.close();
    },
  };
}
