import { useEffect, useMemo, useRef, useState } from 'react';
import type { RunListItem } from '../../../../shared/api';
import { useCompareStore } from '../../stores/compareStore';
import { useCanUndo, useReviewSaveError, useReviewStore } from '../../stores/reviewStore';
import { ErrorNotice } from '../ErrorNotice';
import { RunPicker } from '../compare/RunPicker';
import { useOpenRun } from '../compare/useOpenRun';
import { KeyHelp } from './KeyHelp';
import { QueueList } from './QueueList';
import { automaticTally, withLabels, withSummaryIntervals } from './reviewedStats';
import { ReviewItem, type ReviewItemHandle } from './ReviewItem';
import { reviewQueue } from './reviewQueue';
import { ReviewStatsTable } from './ReviewStatsTable';
import { useReviewKeys, type ReviewKeyActions } from './useReviewKeys';
import './review.css';

/** Review a run by keyboard: a queue of the results worth a look, one at a time, with labels that override the scorers in the statistics. */
export function ReviewView({ runs }: { runs: RunListItem[] }) {
  const run = useOpenRun(runs);
  const update = useReviewStore((s) => s.update);
  const undo = useReviewStore((s) => s.undo);
  const canUndo = useCanUndo();
  const saveError = useReviewSaveError();
  const [all, setAll] = useState(false);
  const [changedVariants, setChangedVariants] = useState(false);
  const [position, setPosition] = useState<{ runId: string | null; index: number }>({ runId: null, index: 0 });
  const [announcement, setAnnouncement] = useState('');
  const [help, setHelp] = useState(false);
  const item = useRef<ReviewItemHandle>(null);
  const surface = useRef<HTMLDivElement>(null);

  const { automaticRows, rows, models, labels, variantCount } = run;
  // Built from the scorers' outcomes alone: marking a result never reshuffles or rebuilds it.
  const queue = useMemo(
    () => reviewQueue(automaticRows, { all, changedVariants: changedVariants && variantCount > 0 }),
    [automaticRows, all, changedVariants, variantCount],
  );
  const queued = useMemo(() => new Set(queue.map((q) => q.id)), [queue]);
  // Pass rates of the test set's own cases, as the run summary counts them.
  const tally = useMemo(() => automaticTally(run.originalResults, models), [run.originalResults, models]);
  const stats = useMemo(() => withSummaryIntervals(withLabels(tally, labels), run.summary), [tally, labels, run.summary]);
  const wantSummary = useCompareStore((s) => s.wantSummary);
  // The intervals are the summary's; choosing another run forgets that it was wanted.
  useEffect(() => {
    if (run.runId !== null) wantSummary();
  }, [run.runId, wantSummary]);
  let reviewed = 0;
  for (const [key, label] of labels) if (label.verdict !== null && queued.has(key)) reviewed += 1;
  // A new run starts at the top; a shorter queue keeps the cursor in range.
  const index = position.runId === run.runId ? Math.min(position.index, Math.max(0, queue.length - 1)) : 0;
  const current = queue[index];
  const go = (next: number): void => setPosition({ runId: run.runId, index: Math.max(0, Math.min(queue.length - 1, next)) });
  const modelLabel = (i: number): string => models[i]?.label ?? '';

  const keys: ReviewKeyActions = {
    next: () => go(index + 1),
    previous: () => go(index - 1),
    mark: (verdict) => {
      if (current === undefined || run.runId === null) return;
      const same = labels.get(current.id)?.verdict === verdict;
      void update(
        { runId: run.runId, modelKey: current.result.modelKey, caseId: current.result.caseId, repetition: current.result.repetition },
        { verdict: same ? null : verdict },
      );
      setAnnouncement(`${current.result.caseId}, ${modelLabel(current.modelIndex)}: ${same ? 'verdict cleared' : `marked ${verdict}`}.`);
      if (!same) go(index + 1);
    },
    note: () => item.current?.focusNote(),
    tags: () => item.current?.focusTags(),
    undo: () => {
      const key = useReviewStore.getState().undoStack.at(-1)?.key;
      if (key === undefined) return;
      // Back to the result first, so the next key press acts on it while the undo is stored.
      const back = queue.findIndex(
        (q) => q.result.modelKey === key.modelKey && q.result.caseId === key.caseId && q.result.repetition === key.repetition,
      );
      if (back >= 0) go(back);
      setAnnouncement(`Undid the last change to ${key.caseId}.`);
      void undo();
    },
    help: () => setHelp((h) => !h),
  };
  useReviewKeys(keys);

  return (
    <div className="review-page" ref={surface} tabIndex={-1}>
      <div className="run-bar">
        <RunPicker runs={runs} />
        <label>
          Show
          <select value={all ? 'all' : 'queue'} onChange={(e) => setAll(e.target.value === 'all')}>
            <option value="queue">Worth a look (failures, disagreements, errors)</option>
            <option value="all">Every result</option>
          </select>
        </label>
        {variantCount > 0 && (
          <label>
            <input type="checkbox" checked={changedVariants} onChange={(e) => setChangedVariants(e.target.checked)} />
            Include variants whose answer changed
          </label>
        )}
        <button type="button" aria-pressed={help} onClick={() => setHelp(!help)}>
          Keys <kbd>?</kbd>
        </button>
        <button type="button" disabled={!canUndo} onClick={keys.undo}>
          Undo <kbd>z</kbd>
        </button>
      </div>
      {help && <KeyHelp />}
      {run.error !== null && <ErrorNotice error={run.error} />}
      {saveError !== null && <ErrorNotice error={saveError} />}
      <div role="status" aria-label="Review updates" className="visually-hidden">
        {announcement}
      </div>
      {run.loading ? (
        <p aria-live="polite">Loading the run…</p>
      ) : (
        <>
          <div className="review-progress">
            <p
              role="status"
              aria-label="Review progress"
            >{`${reviewed.toLocaleString('en-US')} of ${queue.length.toLocaleString('en-US')} reviewed`}</p>
            <progress max={Math.max(1, queue.length)} value={reviewed} aria-label="Reviewed" />
          </div>
          {queue.length === 0 ? (
            <p className="muted">
              Nothing failed, errored or split the models in this run. Choose “Every result” to look at the passes too.
            </p>
          ) : (
            <div className="review-layout">
              <QueueList items={queue} models={models} labels={labels} current={index} onPick={go} />
              {current !== undefined && (
                <ReviewItem
                  key={`${current.id}\u0000${labels.get(current.id)?.note ?? ''}\u0000${labels.get(current.id)?.tags.join(',') ?? ''}`}
                  ref={item}
                  item={current}
                  row={rows[current.row.index] ?? current.row}
                  models={models}
                  label={labels.get(current.id)}
                  onChange={(patch) => {
                    if (run.runId !== null)
                      void update(
                        {
                          runId: run.runId,
                          modelKey: current.result.modelKey,
                          caseId: current.result.caseId,
                          repetition: current.result.repetition,
                        },
                        patch,
                      );
                  }}
                  onDone={() => surface.current?.focus()}
                />
              )}
            </div>
          )}
          <ReviewStatsTable stats={stats} />
        </>
      )}
    </div>
  );
}
