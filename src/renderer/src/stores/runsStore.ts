import { create } from 'zustand';
import type { CallOutput, RunListItem } from '../../../shared/api';
import type { MemoryEstimate } from '../../../shared/models';
import type { ApiError } from '../../../shared/result';
import type { NewRun, RunProgress } from '../../../shared/runs';
import { getClient } from '../api/client';
import { doneAction, failedAction, idleAction, pendingAction, resourceLoader, settledAction, type ActionState } from './actions';
import { idle, type Resource } from './resource';
import { runDisplayStatus } from '../../../shared/runDisplayStatus';
import { followOutput, type LiveOutput } from './liveOutput';

/** A run as `runs.get` gives it: what re-running it with the same settings starts from. */
export type RunDetail = CallOutput<'runs.get'>;
export type RunTelemetry = CallOutput<'runs.telemetry'>;

/** Every action on runs with its own state, so each button shows its own outcome. */
export interface RunActions {
  start: ActionState<string>;
  pause: ActionState<null>;
  resume: ActionState<null>;
  cancel: ActionState<null>;
  rename: ActionState<null>;
  remove: ActionState<null>;
  rerun: ActionState<RunDetail>;
}
export type RunActionName = keyof RunActions;

/** A memory estimate asked for one model at one context size. */
export interface EstimateState {
  status: 'pending' | 'done' | 'error';
  result: MemoryEstimate | null;
  error: ApiError | null;
}

/** How often the live memory chart asks for the run's telemetry while it runs. */
export const TELEMETRY_POLL_MS = 2000;

interface RunsState extends Resource<RunListItem[]> {
  /** Live state per run, from `runs.progress` events (only runs that moved this session). */
  progress: Readonly<Record<string, RunProgress>>;
  /** The current case's streamed output per running run, from `runs.output` events. */
  output: Readonly<Record<string, LiveOutput>>;
  /** The latest telemetry of runs being watched live. */
  telemetry: Readonly<Record<string, RunTelemetry>>;
  /** Estimates by `estimateKey(modelId, contextSize)`. */
  estimates: Readonly<Record<string, EstimateState>>;
  /**
   * Test set files of runs started in this window. Main records each run's file (`RunListItem.testSetPath`);
   * this covers a run the list does not hold yet when it is re-run.
   */
  testSetPaths: Readonly<Record<string, string>>;
  actions: RunActions;
  /** Loads the run list (other pages use this alone). */
  load: () => Promise<void>;
  /** Loads the list and keeps it and the live progress fresh from main's events until the returned stop is called. */
  start: () => () => void;
  startRun: (request: NewRun) => Promise<string | null>;
  pause: (runId: string) => Promise<boolean>;
  resume: (runId: string) => Promise<boolean>;
  cancel: (runId: string) => Promise<boolean>;
  rename: (runId: string, name: string) => Promise<boolean>;
  remove: (runId: string) => Promise<boolean>;
  /** Fetches a run's settings to start it again. */
  loadRerun: (runId: string) => Promise<RunDetail | null>;
  estimate: (modelId: string, contextSize: number) => Promise<void>;
  /** Asks for a run's telemetry now and every {@link TELEMETRY_POLL_MS} until stopped. */
  watchTelemetry: (runId: string) => () => void;
  resetAction: (name: RunActionName) => void;
}

export function estimateKey(modelId: string, contextSize: number): string {
  return `${modelId}@${contextSize}`;
}

function initialActions(): RunActions {
  return {
    start: idleAction(),
    pause: idleAction(),
    resume: idleAction(),
    cancel: idleAction(),
    rename: idleAction(),
    remove: idleAction(),
    rerun: idleAction(),
  };
}

/** A run that is finished or stopped does not move; only these get live progress. */
export function isLive(status: RunListItem['status']): boolean {
  return status === 'running' || status === 'queued';
}

/** Left `running` by a host that stopped (a crash, a power cut): nothing executes it, and Resume goes on from where it stopped. */
export function isInterrupted(run: Pick<RunListItem, 'status' | 'active'>): boolean {
  return runDisplayStatus(run) === 'interrupted';
}

export const useRunsStore = create<RunsState>()((set, get) => {
  const setAction = <K extends RunActionName>(name: K, state: RunActions[K]): void => set({ actions: { ...get().actions, [name]: state } });

  /** Runs a call that answers null, with its action state; the list follows from `runs.changed`. */
  const simple = async (
    name: 'pause' | 'resume' | 'cancel' | 'remove',
    call: 'runs.pause' | 'runs.resume' | 'runs.cancel' | 'runs.delete',
    runId: string,
  ): Promise<boolean> => {
    setAction(name, pendingAction(runId));
    const result = await getClient().call(call, { runId });
    if (!result.ok) {
      setAction(name, failedAction(result.error, runId));
      return false;
    }
    setAction(name, doneAction(null, runId));
    void get().load();
    return true;
  };

  return {
    ...idle<RunListItem[]>(),
    progress: {},
    output: {},
    telemetry: {},
    estimates: {},
    testSetPaths: {},
    actions: initialActions(),

    load: resourceLoader(set, get, () => getClient().call('runs.list', {})),

    start() {
      const client = getClient();
      const stopChanged = client.on('runs.changed', () => void get().load());
      const stopProgress = client.on('runs.progress', (progress) => {
        const data = get().data;
        set({
          progress: { ...get().progress, [progress.runId]: progress },
          // The list follows the live counts between reloads.
          data:
            data === null
              ? null
              : data.map((r) =>
                  r.id === progress.runId ? { ...r, status: progress.status, done: progress.done, total: progress.total || r.total } : r,
                ),
        });
      });
      const stopOutput = client.on('runs.output', ({ runId, ...piece }) => {
        const next = followOutput(get().output[runId], piece);
        if (next !== get().output[runId] && next !== undefined) set({ output: { ...get().output, [runId]: next } });
      });
      void get().load();
      const stopReconnect = client.onReconnect(() => void get().load());
      return () => {
        stopChanged();
        stopProgress();
        stopOutput();
        stopReconnect();
      };
    },

    async startRun(request) {
      setAction('start', pendingAction());
      const result = await getClient().call('runs.start', request);
      if (!result.ok) {
        setAction('start', failedAction(result.error));
        return null;
      }
      const { runId } = result.value;
      set({ testSetPaths: { ...get().testSetPaths, [runId]: request.testSetPath } });
      setAction('start', doneAction(runId, runId));
      void get().load();
      return runId;
    },

    pause: (runId) => simple('pause', 'runs.pause', runId),
    resume: (runId) => simple('resume', 'runs.resume', runId),
    cancel: (runId) => simple('cancel', 'runs.cancel', runId),
    remove: (runId) => simple('remove', 'runs.delete', runId),

    async rename(runId, name) {
      setAction('rename', pendingAction(runId));
      const result = await getClient().call('runs.rename', { runId, name });
      if (!result.ok) {
        setAction('rename', failedAction(result.error, runId));
        return false;
      }
      const data = get().data;
      if (data !== null) set({ data: data.map((r) => (r.id === runId ? { ...r, name } : r)) });
      setAction('rename', doneAction(null, runId));
      return true;
    },

    async loadRerun(runId) {
      setAction('rerun', pendingAction(runId));
      const result = await getClient().call('runs.get', { runId });
      setAction('rerun', settledAction(result, runId));
      return result.ok ? result.value : null;
    },

    async estimate(modelId, contextSize) {
      const key = estimateKey(modelId, contextSize);
      const known = get().estimates[key];
      if (known !== undefined && known.status !== 'error') return;
      set({ estimates: { ...get().estimates, [key]: { status: 'pending', result: null, error: null } } });
      const result = await getClient().call('models.estimateMemory', { id: modelId, contextSize });
      set({
        estimates: {
          ...get().estimates,
          [key]: result.ok ? { status: 'done', result: result.value, error: null } : { status: 'error', result: null, error: result.error },
        },
      });
    },

    watchTelemetry(runId) {
      let stopped = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const poll = async (): Promise<void> => {
        const result = await getClient().call('runs.telemetry', { runId });
        if (stopped) return;
        if (result.ok) set({ telemetry: { ...get().telemetry, [runId]: result.value } });
        timer = setTimeout(() => void poll(), TELEMETRY_POLL_MS);
      };
      void poll();
      return () => {
        stopped = true;
        clearTimeout(timer);
      };
    },

    resetAction(name) {
      setAction(name, idleAction());
    },
  };
});

export const useRunProgress = (runId: string): RunProgress | undefined => useRunsStore((s) => s.progress[runId]);
export const useRunOutput = (runId: string): LiveOutput | undefined => useRunsStore((s) => s.output[runId]);
export const useRunTelemetry = (runId: string): RunTelemetry | undefined => useRunsStore((s) => s.telemetry[runId]);
export const useRunAction = <K extends RunActionName>(name: K): RunActions[K] => useRunsStore((s) => s.actions[name]);
export const useEstimate = (modelId: string, contextSize: number): EstimateState | undefined =>
  useRunsStore((s) => s.estimates[estimateKey(modelId, contextSize)]);
