import { create } from 'zustand';
import type { CallOutput } from '../../../shared/api';
import type { MemoryEstimate, ModelDownload, ModelSummary } from '../../../shared/models';
import type { ApiError } from '../../../shared/result';
import { getClient } from '../api/client';
import { doneAction, failedAction, idleAction, pendingAction, resourceLoader, settledAction, type ActionState } from './actions';
import { idle, settle, type Resource } from './resource';

/** What `models.add` answered: the new entries and every path it passed over, with why. */
export type AddModelsResult = CallOutput<'models.add'>;

/** Every action with its own state. */
export interface ModelActions {
  add: ActionState<AddModelsResult>;
  remove: ActionState<null>;
  download: ActionState<ModelDownload>;
  cancelDownload: ActionState<null>;
  estimate: ActionState<MemoryEstimate>;
}

export type ModelActionName = keyof ModelActions;

interface ModelsState extends Resource<ModelSummary[]> {
  /** Downloads started this session (main's list, kept fresh by `models.downloads` events). */
  downloads: Resource<ModelDownload[]>;
  /** View state: finished downloads the user cleared from the list (main keeps them for the session). */
  dismissedDownloads: readonly string[];
  /** What the library did on its own (a copy folded into a known model), newest last, until dismissed. */
  notices: readonly string[];
  dismissNotices: () => void;
  actions: ModelActions;
  /**
   * The machine's GPUs as the last estimate of any model saw them: the frame shown while the next
   * model's estimate is on its way has a row for each, so nothing below it moves when it arrives.
   */
  machineGpus: MemoryEstimate['gpus'];
  /** Loads the library list (RunsPage uses this alone). */
  load: () => Promise<void>;
  /** Loads the list and the downloads, and keeps both fresh from main's events until the returned stop is called. */
  start: () => () => void;
  add: (paths: readonly string[]) => Promise<AddModelsResult | null>;
  remove: (id: string) => Promise<boolean>;
  download: (reference: string) => Promise<ModelDownload | null>;
  cancelDownload: (id: string) => Promise<void>;
  estimate: (id: string, contextSize: number) => Promise<void>;
  /** Hides finished downloads from the list. */
  dismissDownloads: (ids: readonly string[]) => void;
  /** Forgets an action's outcome (a form that was dismissed or edited). */
  resetAction: (name: ModelActionName) => void;
}

function initialActions(): ModelActions {
  return { add: idleAction(), remove: idleAction(), download: idleAction(), cancelDownload: idleAction(), estimate: idleAction() };
}

/** Estimates are asked for while the user types; only the answer to the latest question counts. */
let estimateTicket = 0;

export const useModelsStore = create<ModelsState>()((set, get) => {
  const setAction = <K extends ModelActionName>(name: K, state: ModelActions[K]): void =>
    set({ actions: { ...get().actions, [name]: state } });

  return {
    ...idle<ModelSummary[]>(),
    downloads: idle<ModelDownload[]>(),
    dismissedDownloads: [],
    notices: [],
    dismissNotices: () => set({ notices: [] }),
    actions: initialActions(),
    machineGpus: [],

    load: resourceLoader(set, get, () => getClient().call('models.list', {})),

    start() {
      const client = getClient();
      const stopModels = client.on('models.changed', (models) => set({ data: models, status: 'ready', error: null }));
      const stopDownloads = client.on('models.downloads', (downloads) =>
        set({ downloads: { data: downloads, status: 'ready', error: null } }),
      );
      const stopNotices = client.on('models.notice', ({ message }) => set({ notices: [...get().notices, message].slice(-5) }));
      const loadAll = (): void => {
        void get().load();
        set({ downloads: { ...get().downloads, status: 'loading' } });
        void client.call('models.downloads', {}).then((result) => set({ downloads: settle(get().downloads, result) }));
      };
      loadAll();
      // Changes made while the connection was down were never pushed: ask again.
      const stopReconnect = client.onReconnect(loadAll);
      return () => {
        stopModels();
        stopDownloads();
        stopNotices();
        stopReconnect();
      };
    },

    async add(paths) {
      setAction('add', pendingAction());
      const result = await getClient().call('models.add', { paths: [...paths] });
      if (!result.ok) {
        setAction('add', failedAction(result.error));
        return null;
      }
      // The models.changed event normally arrives first; this covers a missed one without undoing a newer state.
      const known = new Set((get().data ?? []).map((m) => m.id));
      const fresh = result.value.added.filter((m) => !known.has(m.id));
      if (fresh.length > 0) set({ data: [...(get().data ?? []), ...fresh] });
      setAction('add', doneAction(result.value));
      return result.value;
    },

    async remove(id) {
      setAction('remove', pendingAction(id));
      const result = await getClient().call('models.remove', { id });
      if (!result.ok) {
        setAction('remove', failedAction(result.error, id));
        return false;
      }
      const data = get().data;
      if (data !== null) set({ data: data.filter((m) => m.id !== id) });
      setAction('remove', doneAction(null, id));
      return true;
    },

    async download(reference) {
      setAction('download', pendingAction(reference));
      const result = await getClient().call('models.download', { reference });
      if (!result.ok) {
        setAction('download', failedAction(result.error, reference));
        return null;
      }
      const list = get().downloads.data ?? [];
      if (!list.some((d) => d.id === result.value.id)) set({ downloads: { data: [...list, result.value], status: 'ready', error: null } });
      setAction('download', doneAction(result.value, reference));
      return result.value;
    },

    async cancelDownload(id) {
      setAction('cancelDownload', pendingAction(id));
      const result = await getClient().call('models.cancelDownload', { id });
      setAction('cancelDownload', result.ok ? doneAction(null, id) : failedAction(result.error, id));
    },

    async estimate(id, contextSize) {
      const ticket = ++estimateTicket;
      const previous = get().actions.estimate;
      // Keep the last figures for the same model on screen while the new ones are computed.
      setAction('estimate', pendingAction(id, previous.target === id ? previous.result : null));
      const result = await getClient().call('models.estimateMemory', { id, contextSize });
      if (ticket !== estimateTicket) return;
      if (result.ok) set({ machineGpus: result.value.gpus });
      setAction('estimate', settledAction(result, id));
    },

    dismissDownloads(ids) {
      set({ dismissedDownloads: [...new Set([...get().dismissedDownloads, ...ids])] });
    },

    resetAction(name) {
      setAction(name, idleAction());
    },
  };
});

/** The library's models, or null before the first load. */
export const useModelList = (): ModelSummary[] | null => useModelsStore((s) => s.data);
export const useModelsStatus = (): Resource<ModelSummary[]>['status'] => useModelsStore((s) => s.status);
export const useModelsError = (): ApiError | null => useModelsStore((s) => s.error);
/** One model by id; undefined once it has left the library. */
export const useModel = (id: string | null): ModelSummary | undefined =>
  useModelsStore((s) => (id === null ? undefined : s.data?.find((m) => m.id === id)));
export const useDownloads = (): Resource<ModelDownload[]> => useModelsStore((s) => s.downloads);
export const useDismissedDownloads = (): readonly string[] => useModelsStore((s) => s.dismissedDownloads);
export const useModelNotices = (): readonly string[] => useModelsStore((s) => s.notices);
export const useModelAction = <K extends ModelActionName>(name: K): ModelActions[K] => useModelsStore((s) => s.actions[name]);
