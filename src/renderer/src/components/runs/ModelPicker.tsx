import { useEffect } from 'react';
import type { ModelSummary } from '../../../../shared/models';
import { useRunsStore, useEstimate } from '../../stores/runsStore';
import { formatBytes } from '../formatters';
import { quantizationLabel } from '../models/modelFormat';
import type { DraftModel } from './newRunDraft';

interface ModelPickerProps {
  models: readonly ModelSummary[];
  picked: readonly DraftModel[];
  contextSize: number;
  onChange: (picked: DraftModel[]) => void;
  error?: string | undefined;
}

function Estimate({ modelId, contextSize }: { modelId: string; contextSize: number }) {
  const estimate = useEstimate(modelId, contextSize);
  if (estimate === undefined || estimate.status === 'pending') return <span className="muted">estimating…</span>;
  if (estimate.result === null) return <span className="field-error">{estimate.error?.message ?? 'no estimate'}</span>;
  const e = estimate.result;
  return (
    <span className="run-estimate" data-fits={e.gpuFits ?? e.fits} title={e.message}>
      needs ~{formatBytes(e.totalBytes)}
      {e.fits !== 'yes' && <span className="fit-word">{e.fits === 'no' ? ' does not fit in RAM' : ' tight'}</span>}
    </span>
  );
}

/** The library's models with a tick each, in run order as ticked, and each picked model's estimated memory at the run's context size. */
export function ModelPicker({ models, picked, contextSize, onChange, error }: ModelPickerProps) {
  const estimate = useRunsStore((s) => s.estimate);
  const pickedIds = picked.map((m) => m.modelId);
  // Remote models have no file to estimate; their memory is unknown until the server reports it.
  const pickedKey = picked
    .filter((m) => m.remote === undefined)
    .map((m) => m.modelId)
    .join('\u0000');
  useEffect(() => {
    for (const id of pickedKey.split('\u0000')) if (id !== '') void estimate(id, contextSize);
  }, [pickedKey, contextSize, estimate]);

  const usable = models.filter((m) => m.status !== 'missing');
  return (
    <fieldset className="model-picker" aria-describedby={error === undefined ? undefined : 'model-picker-error'}>
      <legend>Models</legend>
      <p className="field-help">
        Ticked models run in the order ticked; the first is the baseline. One model is loaded at a time, so the run needs the largest
        estimate, not their sum.
      </p>
      {usable.length === 0 ? (
        <p className="muted">No models in the library yet.</p>
      ) : (
        <ul>
          {usable.map((m) => {
            const position = pickedIds.indexOf(m.id);
            const broken = m.problems.some((p) => p.severity === 'error');
            return (
              <li key={m.id} data-picked={position >= 0}>
                <label>
                  <input
                    type="checkbox"
                    checked={position >= 0}
                    disabled={broken}
                    onChange={(e) => onChange(e.target.checked ? [...picked, { modelId: m.id }] : picked.filter((p) => p.modelId !== m.id))}
                  />
                  <span className="pick-order" aria-hidden="true">
                    {position >= 0 ? position + 1 : ''}
                  </span>
                  <span className="pick-name">{m.name}</span>
                  <span className="muted">
                    {quantizationLabel(m.metadata).fileType} · {formatBytes(m.sizeBytes)}
                    {broken ? ' · cannot be loaded' : ''}
                  </span>
                </label>
                {position >= 0 && <Estimate modelId={m.id} contextSize={contextSize} />}
              </li>
            );
          })}
        </ul>
      )}
      {error !== undefined && (
        <p id="model-picker-error" className="field-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}
