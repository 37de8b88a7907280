import path from 'node:path';
import { EngineService } from './engine/EngineService';
import { RunService } from './runs/RunService';
import { overallScore, scoreOutput } from './scoring/scoreOutput';
import { DEFAULT_JUDGE_TEMPLATE } from './scoring/judge/judgePrompt';
import { ReviewService } from './review/ReviewService';
import { resultKey } from './runs/RunStore';
import type { WorkerLauncher } from './engine/WorkerProcess';
import { EventBus } from './EventBus';
import { LibraryService } from './LibraryService';
import { packageRoot } from './appPaths';
import { TestSetLibrary } from './testsets/library/TestSetLibrary';
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
  onInternalError?: (call: string, error: unknown) => void;
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
  /** Stops workers and downloads, then closes the store. */
  close(): Promise<void>;
}

export function createServices(options: ServicesOptions): Services {
  const store = Store.open(path.join(options.home, 'evalbench.db'));
  const bus = new EventBus();
  const settings = new SettingsService(store, bus);
  const library = new LibraryService(store);
  const testSets = new TestSetLibrary(store, bus, TestSetLibrary.foldersFor(options.home, path.join(packageRoot(), 'resources')));
  const models = new ModelLibrary(store, bus);
  const downloads = new ModelDownloads(models, bus, path.join(options.home, 'models'));
  const engine = new EngineService(models, bus, options.engine);
  const runs = new RunService(store, models, engine.engine, bus, () => settings.get().judgeTemplate ?? DEFAULT_JUDGE_TEMPLATE);
  const reviews = new ReviewService(store, bus);
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
      }),
      'settings.get': () => settings.get(),
      'settings.update': (patch) => settings.update(patch),
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
      'models.estimateMemory': ({ id, contextSize }) => models.estimateMemory(id, contextSize),
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
      'scoring.score': ({ scorers, output, expected, vars }) => {
        const scores = scoreOutput(scorers, { output, expected, vars });
        const overall = overallScore(scores);
        return { scores, passed: overall.passed, score: overall.score };
      },
      'engine.generate': ({ loadId, input, params }) => engine.generate(loadId, input, params),
      'engine.cancel': ({ generationId }) => {
        engine.cancel(generationId);
        return null;
      },
      'runs.list': () => runs.list(),
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
      'runs.summary': ({ runId, baseline }) => {
        // A person's pass or fail counts over the scorers' in every figure (both are reported).
        const verdicts = new Map(reviews.list(runId).flatMap((l) => (l.verdict === null ? [] : [[resultKey(l.modelKey, l.caseId, l.repetition), l.verdict] as const])));
        return runs.summary(runId, baseline, verdicts);
      },
      'runs.results': ({ runId }) => {
        const scores = runs.runs.scores(runId);
        return runs.runs.results(runId).map((r) => ({ ...r, scores: scores.get(resultKey(r.modelKey, r.caseId, r.repetition)) ?? [] }));
      },
      'runs.telemetry': ({ runId }) => ({ samples: runs.telemetry.samples(runId), markers: runs.telemetry.markers(runId) }),
      'review.list': ({ runId }) => reviews.list(runId),
      'review.set': (label) => reviews.set(label),
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
    close: async () => {
      runs.dispose();
      downloads.dispose();
      models.dispose();
      await engine.dispose();
      store.close();
    },
  };
}
