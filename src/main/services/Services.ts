import path from 'node:path';
import { EventBus } from './EventBus';
import { LibraryService } from './LibraryService';
import { createRouter, type Router } from './router';
import { SettingsService } from './SettingsService';
import { Store } from './store/Store';
import { versionInfo } from './versionInfo';

export interface ServicesOptions {
  /** The per-user data folder (see `dataDir`). */
  home: string;
  host: 'electron' | 'browser';
  electronVersion?: string | null;
  onInternalError?: (call: string, error: unknown) => void;
}

/** Every service, wired once; the same object backs the desktop app and the headless host. */
export interface Services {
  readonly bus: EventBus;
  readonly store: Store;
  readonly router: Router;
  close(): void;
}

export function createServices(options: ServicesOptions): Services {
  const store = Store.open(path.join(options.home, 'evalbench.db'));
  const bus = new EventBus();
  const settings = new SettingsService(store, bus);
  const library = new LibraryService(store);
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
      'models.list': () => library.models(),
      'runs.list': () => library.runs(),
    },
    options.onInternalError === undefined ? {} : { onInternalError: options.onInternalError },
  );

  return {
    bus,
    store,
    router,
    close: () => store.close(),
  };
}
