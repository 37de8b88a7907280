import { useEffect, useState } from 'react';
import { EmptyState } from '../components/EmptyState';
import { ErrorNotice } from '../components/ErrorNotice';
import { AddModelsForm } from '../components/models/AddModelsForm';
import { ApiKeysPanel } from '../components/models/ApiKeysPanel';
import { DownloadForm } from '../components/models/DownloadForm';
import { DownloadList } from '../components/models/DownloadList';
import { KnownFoldersPanel } from '../components/models/KnownFoldersPanel';
import { ModelDetails } from '../components/models/ModelDetails';
import { ModelsTable } from '../components/models/ModelsTable';
import { useModelAnnouncements } from '../components/models/useModelAnnouncements';
import { useModelDrop } from '../components/models/useModelDrop';
import { useModel, useModelList, useModelNotices, useModelsError, useModelsStatus, useModelsStore } from '../stores/modelsStore';
import '../components/models/models.css';

export function ModelsPage() {
  const start = useModelsStore((s) => s.start);
  const load = useModelsStore((s) => s.load);
  const models = useModelList();
  const status = useModelsStatus();
  const error = useModelsError();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const selected = useModel(selectedId);
  const announcement = useModelAnnouncements(models);
  const notices = useModelNotices();
  const dismissNotices = useModelsStore((s) => s.dismissNotices);
  const drop = useModelDrop();

  useEffect(() => start(), [start]);

  const sources = (
    <>
      {drop.problem !== null && (
        <div role="alert" className="drop-notice">
          <p>{drop.problem}</p>
          <button type="button" onClick={drop.dismiss}>
            Dismiss
          </button>
        </div>
      )}
      <KnownFoldersPanel />
      <div className="model-sources">
        <AddModelsForm />
        <DownloadForm />
      </div>
      <DownloadList onShowModel={setSelectedId} />
    </>
  );

  return (
    <div className="models-page" data-dragging={drop.dragging} {...drop.handlers}>
      <h1>Models</h1>
      <div role="status" aria-label="Library updates" className="visually-hidden">
        {announcement}
      </div>
      {error !== null && <ErrorNotice error={error} onRetry={() => void load()} />}
      {notices.length > 0 && (
        <div role="status" aria-label="Library notices" className="library-notices">
          <ul>
            {notices.map((n, i) => (
              <li key={`${i}-${n}`}>{n}</li>
            ))}
          </ul>
          <button type="button" onClick={dismissNotices}>
            Dismiss
          </button>
        </div>
      )}
      {models === null ? (
        status === 'loading' && <p aria-live="polite">Loading models…</p>
      ) : models.length === 0 ? (
        <EmptyState title="No models yet">
          <p>
            Evalbench compares GGUF model files on this machine, most usefully one model at several quantizations (for example Q8_0, Q4_K_M
            and Q2_K of the same base).
          </p>
          <p>
            Models are known by the hash of their content, so moving or renaming a file keeps its results. Nothing is loaded into memory
            until a run needs it.
          </p>
          <p>Add files or a folder by path below, drop .gguf files on this page in the desktop app, or download one.</p>
          {sources}
        </EmptyState>
      ) : (
        <>
          {sources}
          <div className="models-layout" data-details={selected !== undefined}>
            <ModelsTable models={models} selectedId={selected?.id ?? null} onSelect={setSelectedId} />
            {selected !== undefined && <ModelDetails model={selected} onClose={() => setSelectedId(null)} />}
          </div>
        </>
      )}
      <ApiKeysPanel />
      {drop.dragging && (
        <div className="drop-overlay" aria-hidden="true">
          Drop .gguf files to add them to the library
        </div>
      )}
    </div>
  );
}
