import { useMemo } from 'react';
import type { ModelDownload } from '../../../../shared/models';
import { useDismissedDownloads, useDownloads, useModelAction, useModelsStore } from '../../stores/modelsStore';
import { ErrorNotice } from '../ErrorNotice';
import { formatBytes } from '../formatters';
import { formatTimeLeft } from './modelFormat';
import './downloads.css';

const STATE_LABELS: Record<ModelDownload['state'], string> = {
  downloading: 'Downloading',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** Every download of this session, live: progress, speed, time left, how it ended. */
export function DownloadList({ onShowModel }: { onShowModel: (modelId: string) => void }) {
  const downloads = useDownloads();
  const dismissed = useDismissedDownloads();
  const dismiss = useModelsStore((s) => s.dismissDownloads);
  const shown = useMemo(() => (downloads.data ?? []).filter((d) => !dismissed.includes(d.id)), [downloads.data, dismissed]);
  const finished = shown.filter((d) => d.state !== 'downloading').map((d) => d.id);
  if (downloads.status === 'error' && downloads.error !== null) {
    return (
      <section aria-label="Downloads" className="downloads">
        <h2>Downloads</h2>
        <ErrorNotice error={downloads.error} />
      </section>
    );
  }
  if (shown.length === 0) return null;
  return (
    <section aria-label="Downloads" className="downloads">
      <div className="downloads-head">
        <h2>Downloads</h2>
        {finished.length > 0 && (
          <button type="button" onClick={() => dismiss(finished)}>
            Clear finished
          </button>
        )}
      </div>
      <ul>
        {shown.map((d) => (
          <DownloadItem key={d.id} download={d} onShowModel={onShowModel} />
        ))}
      </ul>
    </section>
  );
}

function DownloadItem({ download: d, onShowModel }: { download: ModelDownload; onShowModel: (modelId: string) => void }) {
  const cancel = useModelsStore((s) => s.cancelDownload);
  const cancelling = useModelAction('cancelDownload');
  const title = d.file ?? d.reference;
  const modelId = d.modelId;
  const fraction = d.state === 'done' ? 1 : d.totalBytes !== null && d.totalBytes > 0 ? Math.min(1, d.receivedBytes / d.totalBytes) : null;
  const percent = fraction === null ? null : Math.floor(fraction * 100);
  const amount = d.totalBytes === null ? formatBytes(d.receivedBytes) : `${formatBytes(d.receivedBytes)} of ${formatBytes(d.totalBytes)}`;
  const timeLeft =
    d.state === 'downloading' && d.totalBytes !== null ? formatTimeLeft(d.totalBytes - d.receivedBytes, d.bytesPerSecond) : null;
  const cancelError = cancelling.target === d.id && cancelling.status === 'error' ? cancelling.error : null;

  return (
    <li className="download" data-state={d.state}>
      <div className="download-head">
        <span className="download-title">{title}</span>
        <span className="download-state">{STATE_LABELS[d.state]}</span>
      </div>
      {d.file !== null && d.file !== d.reference && <div className="download-reference">{d.reference}</div>}
      <div
        role="progressbar"
        aria-label={title}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
        aria-valuetext={percent === null ? `${amount} received` : `${percent}%, ${amount}`}
        className="download-bar"
        data-indeterminate={percent === null}
      >
        <div className="download-bar-fill" style={{ width: `${percent ?? 100}%` }} />
      </div>
      <div className="download-facts">
        <span>{percent === null ? amount : `${percent}% · ${amount}`}</span>
        {d.state === 'downloading' && <span>{formatBytes(d.bytesPerSecond)}/s</span>}
        {timeLeft !== null && <span>{timeLeft}</span>}
      </div>
      {d.error !== null && <p className={d.state === 'failed' ? 'download-error' : 'download-note'}>{d.error}</p>}
      {cancelError !== null && <ErrorNotice error={cancelError} />}
      <div className="form-row">
        {d.state === 'downloading' && (
          <button
            type="button"
            aria-label={`Cancel ${title}`}
            disabled={cancelling.target === d.id && cancelling.status === 'pending'}
            onClick={() => void cancel(d.id)}
          >
            Cancel
          </button>
        )}
        {d.state === 'done' && modelId !== null && (
          <button type="button" aria-label={`Show ${title} in the library`} onClick={() => onShowModel(modelId)}>
            Show in library
          </button>
        )}
      </div>
    </li>
  );
}
