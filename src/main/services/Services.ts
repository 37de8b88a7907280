import { physicalCores } from './system/physicalCores';
import fs from 'node:fs';
import path from 'node:path';
import { EngineService } from './engine/EngineService';
import { ApiKeyStore, type SecretCipher } from './remote/ApiKeyStore';
import type { RemoteCasesDeps } from './remote/runRemoteModelCases';
import { RunActivity } from './runs/RunActivity';
import { RunService } from './runs/RunService';
import { scoringHandlers } from './scoring/scoringHandlers';
import { DEFAULT_JUDGE_TEMPLATE } from './scoring/judge/judgePrompt';
import { ReviewService } from './review/ReviewService';
import { chromiumPdfPrinter, type PdfPrinter } from './reports/printPdf';
import { ReportService } from './reports/ReportService';
import { SummaryService } from './runs/summary/SummaryService';
import { FidelityService } from './fidelity/FidelityService';
import type { WorkerLauncher } from './engine/WorkerProcess';
import { EventBus } from './EventBus';
import { packageRoot } from './appPaths';
import { TestSetLibrary } from './testsets/library/TestSetLibrary';
import { TestSetValidator } from './testsets/validation/TestSetValidator';
import { ModelDownloads } from './models/ModelDownloads';
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
  /** What each run is busy with right now (executing, measuring fidelity), shared by the two services. */
  readonly activity: RunActivity;
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
  const testSetValidator = new TestSetValidator(options.testSetWorkerScript ?? null);
  const testSets = new TestSetLibrary(
    store,
    bus,
    TestSetLibrary.foldersFor(options.home, path.join(packageRoot(), 'resources')),
    testSetValidator,
  );
  const models = new ModelLibrary(store, bus);
  const downloads = new ModelDownloads(models, bus, path.join(options.home, 'models'));
  const engine = new EngineService(models, bus, options.engine);
  models.loadEstimator = (modelPath, loadOptions) => engine.engine.estimate(modelPath, loadOptions);
  const apiKeys = new ApiKeyStore(options.home, options.secretCipher ?? null);
  // Without a keychain (headless) no stored key can be read: runs naming one say to use apiKeyEnv instead.
  // One record of what each run is busy with: executing cases and measuring fidelity both load its models, so each waits for the other.
  const activity = new RunActivity();
  const runs = new RunService(
    store,
    models,
    engine.engine,
    bus,
    () => settings.get().judgeTemplate ?? DEFAULT_JUDGE_TEMPLATE,
    { ...(options.secretCipher === undefined ? {} : { apiKeys }), ...options.remote },
    activity,
  );
  runs.testSetValidator = testSetValidator;
  const reviews = new ReviewService(store, bus);
  const summaryWorker =
    options.summaryWorkerScript !== undefined && fs.existsSync(options.summaryWorkerScript) ? options.summaryWorkerScript : null;
  const summaries = new SummaryService(store, runs.runs, () => models.list().map((m) => [m.id, m.name]), summaryWorker);
  const fidelity = new FidelityService(store, runs.runs, models, engine.engine, bus, activity);
  const reports = new ReportService({
    runs,
    summaries,
    reviews,
    fidelity,
    models,
    reportsDir: path.join(options.home, 'reports'),
    pdf: options.pdf ?? chromiumPdfPrinter(),
  });
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
      ...settings.handlers(),
      ...apiKeys.handlers(),
      ...testSets.handlers(),
      ...models.handlers(),
      ...downloads.handlers(),
      ...engine.handlers(),
      ...scoringHandlers(),
      ...runs.handlers(),
      ...summaries.handlers(),
      ...fidelity.handlers(),
      ...reviews.handlers(),
      ...reports.handlers(),
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
    activity,
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
