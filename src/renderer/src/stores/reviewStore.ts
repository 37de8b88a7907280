import { create } from 'zustand';
import type { ReviewKey, ReviewLabel } from '../../../shared/api';
import type { ApiError } from '../../../shared/result';
import { getClient } from '../api/client';
import { resultKeyOf } from './compareTypes';

/** What a person says about one result; a label with none of these is no label. */
export type LabelFields = Pick<ReviewLabel, 'verdict' | 'note' | 'tags'>;

/** How a change can be taken back: the label before it (null: there was none). */
interface UndoEntry {
  key: ReviewKey;
  previous: LabelFields | null;
}

interface ReviewState {
  runId: string | null;
  /** Labels of the open run by `resultKeyOf`; main's copy, kept fresh by `review.changed`. */
  labels: ReadonlyMap<string, ReviewLabel>;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: ApiError | null;
  /** The last store that failed (shown until the next one succeeds). */
  saveError: ApiError | null;
  undoStack: readonly UndoEntry[];
  /** Loads the labels of a run (again, after a reconnect). */
  load: (runId: string) => Promise<void>;
  /** Changes part of one result's label, at once on screen; undone if main refuses. */
  update: (key: ReviewKey, patch: Partial<LabelFields>) => Promise<boolean>;
  /** Takes back the last change made here; resolves with the result it touched. */
  undo: () => Promise<ReviewKey | null>;
  /** Follows labels changed in other windows until stopped. */
  start: () => () => void;
}

const UNDO_LIMIT = 200;

function fieldsOf(label: ReviewLabel | undefined): LabelFields | null {
  return label === undefined ? null : { verdict: label.verdict, note: label.note, tags: label.tags };
}

function isEmpty(fields: LabelFields): boolean {
  return fields.verdict === null && fields.note.trim() === '' && fields.tags.length === 0;
}

export const useReviewStore = create<ReviewState>()((set, get) => {
  /** Writes in flight per result, numbered; events and answers for a result being written again are stale. */
  const writing = new Map<string, number>();
  const put = (key: ReviewKey, label: ReviewLabel | null): void => {
    const labels = new Map(get().labels);
    if (label === null) labels.delete(resultKeyOf(key));
    else labels.set(resultKeyOf(key), label);
    set({ labels });
  };

  /** Shows `fields` at once, stores them, and puts back what was there if main refuses. */
  const write = async (key: ReviewKey, fields: LabelFields): Promise<boolean> => {
    const id = resultKeyOf(key);
    const ticket = (writing.get(id) ?? 0) + 1;
    writing.set(id, ticket);
    const before = get().labels.get(id) ?? null;
    put(key, isEmpty(fields) ? null : { ...key, ...fields, updatedAt: new Date().toISOString() });
    const result = await getClient().call('review.set', { ...key, ...fields, tags: [...fields.tags] });
    // A quicker second key press on the same result wins; this answer is already out of date.
    const latest = writing.get(id) === ticket;
    if (latest) writing.delete(id);
    if (get().runId !== key.runId || !latest) return result.ok;
    if (!result.ok) {
      put(key, before);
      set({ saveError: result.error });
      return false;
    }
    put(key, result.value);
    set({ saveError: null });
    return true;
  };

  return {
    runId: null,
    labels: new Map(),
    status: 'idle',
    error: null,
    saveError: null,
    undoStack: [],

    async load(runId) {
      if (runId !== get().runId) set({ runId, labels: new Map(), undoStack: [], saveError: null });
      set({ status: 'loading' });
      const result = await getClient().call('review.list', { runId });
      if (get().runId !== runId) return;
      if (result.ok) set({ labels: new Map(result.value.map((l) => [resultKeyOf(l), l])), status: 'ready', error: null });
      else set({ status: 'error', error: result.error });
    },

    async update(key, patch) {
      const previous = fieldsOf(get().labels.get(resultKeyOf(key)));
      const next: LabelFields = { verdict: null, note: '', tags: [], ...previous, ...patch };
      set({ undoStack: [...get().undoStack, { key, previous }].slice(-UNDO_LIMIT) });
      const saved = await write(key, next);
      if (!saved) set({ undoStack: get().undoStack.filter((e) => e.key !== key || e.previous !== previous) });
      return saved;
    },

    async undo() {
      const stack = get().undoStack;
      const last = stack[stack.length - 1];
      if (last === undefined) return null;
      set({ undoStack: stack.slice(0, -1) });
      await write(last.key, last.previous ?? { verdict: null, note: '', tags: [] });
      return last.key;
    },

    start() {
      const client = getClient();
      const stop = client.on('review.changed', ({ label, ...key }) => {
        if (key.runId === get().runId && !writing.has(resultKeyOf(key))) put(key, label);
      });
      const stopReconnect = client.onReconnect(() => {
        const runId = get().runId;
        if (runId !== null) void get().load(runId);
      });
      return () => {
        stop();
        stopReconnect();
      };
    },
  };
});

export const useReviewLabels = (): ReadonlyMap<string, ReviewLabel> => useReviewStore((s) => s.labels);
export const useCanUndo = (): boolean => useReviewStore((s) => s.undoStack.length > 0);
export const useReviewSaveError = (): ApiError | null => useReviewStore((s) => s.saveError);
