import { useEffect, useState } from 'react';
import type { KnownModelFolder } from '../../../../shared/models';
import { getClient } from '../../api/client';
import { useModelAction, useModelsStore } from '../../stores/modelsStore';
import './knownFolders.css';

type Found = { state: 'loading' } | { state: 'done'; folders: KnownModelFolder[] } | { state: 'error'; message: string };

/**
 * The folders where LM Studio, the Hugging Face cache and llama.cpp already keep GGUF files on
 * this machine, each one click from the library: most users arrive with models on disk.
 */
export function KnownFoldersPanel() {
  const add = useModelsStore((s) => s.add);
  const action = useModelAction('add');
  const [found, setFound] = useState<Found>({ state: 'loading' });

  useEffect(() => {
    let live = true;
    void getClient()
      .call('models.knownFolders', {})
      .then((result) => {
        if (!live) return;
        setFound(result.ok ? { state: 'done', folders: result.value } : { state: 'error', message: result.error.message });
      });
    return () => {
      live = false;
    };
  }, []);

  if (found.state === 'loading') return null;
  if (found.state === 'error') {
    return (
      <p role="status" className="field-help">
        Could not look for the model folders of other tools: {found.message}
      </p>
    );
  }
  const withModels = found.folders.filter((f) => f.ggufFiles > 0);
  if (withModels.length === 0) return null;
  return (
    <section className="known-folders" aria-labelledby="known-folders-heading">
      <h2 id="known-folders-heading">Models you already have</h2>
      <p className="field-help">
        Folders where other tools keep GGUF files on this machine. Adding a folder adds every model in it; the files stay where they are.
      </p>
      <ul>
        {withModels.map((folder) => {
          const count = `${folder.ggufFiles}${folder.countComplete ? '' : '+'} GGUF file${folder.ggufFiles === 1 ? '' : 's'}`;
          return (
            <li key={folder.path}>
              <span>
                <strong>{folder.source}</strong> · <code>{folder.path}</code> · {count}
              </span>
              <button
                type="button"
                disabled={action.status === 'pending'}
                aria-label={`Add the ${count} in ${folder.source} (${folder.path})`}
                onClick={() => void add([folder.path])}
              >
                Add
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
