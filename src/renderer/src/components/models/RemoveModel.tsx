import { useEffect, useRef, useState } from 'react';
import type { ModelSummary } from '../../../../shared/models';
import { useModelAction, useModelsStore } from '../../stores/modelsStore';
import { ErrorNotice } from '../ErrorNotice';

/** "Remove from library", asked twice; the file on disk is never touched. */
export function RemoveModel({ model }: { model: ModelSummary }) {
  const remove = useModelsStore((s) => s.remove);
  const action = useModelAction('remove');
  const [confirming, setConfirming] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const mine = action.target === model.id;

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  return (
    <section aria-labelledby="remove-heading" className="remove-model">
      <h3 id="remove-heading">Remove</h3>
      {confirming ? (
        <div role="group" aria-label="Confirm removal" className="confirm-box">
          <p>
            Remove <strong>{model.name}</strong> from the library? The file stays on disk at <code className="break">{model.path}</code>.
          </p>
          <div className="form-row">
            <button
              ref={confirmRef}
              type="button"
              className="danger"
              disabled={mine && action.status === 'pending'}
              onClick={() => void remove(model.id)}
            >
              Yes, remove
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <>
          <p className="field-help">Evalbench forgets the model; the file on disk is never deleted, and adding it again brings it back.</p>
          <button type="button" onClick={() => setConfirming(true)}>
            Remove from library
          </button>
        </>
      )}
      {mine && action.status === 'error' && action.error !== null && <ErrorNotice error={action.error} />}
    </section>
  );
}
