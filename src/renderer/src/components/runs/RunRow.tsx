import { useState } from 'react';
import type { RunListItem } from '../../../../shared/api';
import { isInterrupted, isLive, useRunAction, useRunsStore } from '../../stores/runsStore';
import { ErrorNotice } from '../ErrorNotice';
import { runDisplayStatus } from '../../../../shared/runDisplayStatus';
import { StatusBadge } from '../ui/StatusBadge';

interface RunRowProps {
  run: RunListItem;
  started: string;
  onRerun: () => void;
  onOpen: (page: 'compare' | 'review') => void;
  /** Shows or hides the run's details under the table. */
  onDetails: () => void;
  detailsOpen: boolean;
}

/** One run in the history: rename in place, delete after asking, resume, cancel, re-run, open. */
export function RunRow({ run, started, onRerun, onOpen, onDetails, detailsOpen }: RunRowProps) {
  const rename = useRunsStore((s) => s.rename);
  const remove = useRunsStore((s) => s.remove);
  const resume = useRunsStore((s) => s.resume);
  const cancel = useRunsStore((s) => s.cancel);
  const actions = [useRunAction('rename'), useRunAction('remove'), useRunAction('resume'), useRunAction('cancel'), useRunAction('rerun')];
  const [mode, setMode] = useState<'idle' | 'renaming' | 'deleting'>('idle');
  const [name, setName] = useState(run.name);
  const interrupted = isInterrupted(run);
  const live = isLive(run.status) && !interrupted;
  const failed = actions.find((a) => a.target === run.id && a.status === 'error');

  return (
    <tr data-status={run.status}>
      <td>
        {mode === 'renaming' ? (
          <form
            className="form-row"
            aria-label={`Rename ${run.name}`}
            onSubmit={(e) => {
              e.preventDefault();
              if (name.trim() === '') return;
              void rename(run.id, name.trim()).then((ok) => ok && setMode('idle'));
            }}
          >
            <input aria-label="New name" value={name} onChange={(e) => setName(e.target.value)} autoFocus />
            <button type="submit" className="primary">
              Save
            </button>
            <button type="button" onClick={() => setMode('idle')}>
              Cancel
            </button>
          </form>
        ) : (
          <button
            type="button"
            className="run-name link-button"
            aria-expanded={detailsOpen}
            aria-label={`Details of ${run.name}`}
            onClick={onDetails}
          >
            {run.name}
          </button>
        )}
      </td>
      <td>{started}</td>
      <td className="run-models">{run.models.join(', ')}</td>
      <td>{run.caseCount}</td>
      <td>
        {interrupted ? (
          <StatusBadge
            status="interrupted"
            title="The app stopped while this run was running. Resume finishes the missing cases; nothing finished is lost."
          >
            interrupted
          </StatusBadge>
        ) : (
          <StatusBadge status={run.status}>{runDisplayStatus(run)}</StatusBadge>
        )}
      </td>
      <td className="numeric">{`${run.done}/${run.total}`}</td>
      <td>
        {mode === 'deleting' ? (
          <div role="group" aria-label={`Confirm deleting ${run.name}`} className="confirm-box">
            <p>Delete this run with its results, reviews and telemetry?</p>
            <div className="form-row">
              <button type="button" className="danger" onClick={() => void remove(run.id)}>
                Yes, delete
              </button>
              <button type="button" onClick={() => setMode('idle')}>
                Keep it
              </button>
            </div>
          </div>
        ) : (
          <div className="run-actions" role="group" aria-label={`Actions for ${run.name}`}>
            {run.done > 0 && (
              <>
                <button type="button" onClick={() => onOpen('compare')}>
                  Compare
                </button>
                <button type="button" onClick={() => onOpen('review')}>
                  Review
                </button>
              </>
            )}
            {(run.status === 'paused' || run.status === 'failed' || interrupted) && (
              <button type="button" onClick={() => void resume(run.id)}>
                Resume
              </button>
            )}
            {(run.status === 'paused' || live || interrupted) && (
              <button type="button" onClick={() => void cancel(run.id)}>
                Cancel run
              </button>
            )}
            <button type="button" onClick={onRerun}>
              Re-run
            </button>
            <button type="button" onClick={() => setMode('renaming')}>
              Rename
            </button>
            {!live && (
              <button type="button" onClick={() => setMode('deleting')}>
                Delete
              </button>
            )}
          </div>
        )}
        {failed?.error != null && <ErrorNotice error={failed.error} />}
      </td>
    </tr>
  );
}
