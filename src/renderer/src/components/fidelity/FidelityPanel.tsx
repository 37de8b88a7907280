import { useEffect, useId, useState } from 'react';
import type { FidelityText } from '../../../../shared/fidelity';
import { FidelityChart } from '../../charts/FidelityChart';
import { useFidelityStore } from '../../stores/fidelityStore';
import type { ModelColumn } from '../../stores/compareTypes';
import { ErrorNotice } from '../ErrorNotice';
import './fidelity.css';
import { ModelSelect } from '../ui/ModelSelect';
import { optionalFields } from '../../../../shared/optionalFields';

interface FidelityPanelProps {
  runId: string;
  /** The run's models in run order. */
  models: readonly ModelColumn[];
}

/** The fidelity chart when figures are stored with the run, and the control that measures them. */
export function FidelityPanel({ runId, models }: FidelityPanelProps) {
  const data = useFidelityStore((s) => (s.runId === runId ? s.data : null));
  const progress = useFidelityStore((s) => (s.runId === runId ? s.progress : null));
  const measureError = useFidelityStore((s) => (s.runId === runId ? s.measureError : null));
  const loadError = useFidelityStore((s) => (s.runId === runId ? s.error : null));
  const load = useFidelityStore((s) => s.load);
  const listen = useFidelityStore((s) => s.listen);
  const [asking, setAsking] = useState(false);
  useEffect(() => listen(), [listen]);
  useEffect(() => void load(runId), [load, runId]);

  if (models.length < 2) return null;
  const stored = data?.models ?? [];
  const colorIndex = (key: string): number => models.find((m) => m.key === key)?.index ?? 0;
  const first = stored[0];
  return (
    <section className="fidelity-panel" aria-label="Quantisation fidelity">
      {progress !== null && (
        <p role="status" className="fidelity-progress">
          Measuring fidelity: {progress}
        </p>
      )}
      {measureError !== null && <ErrorNotice error={measureError} />}
      {loadError !== null && <ErrorNotice error={loadError} onRetry={() => void load(runId)} />}
      {first !== undefined && (
        <>
          <FidelityChart models={stored} colorIndex={colorIndex} />
          <p className="fidelity-note">
            Against {first.referenceLabel} on {first.text.kind === 'expected' ? 'the test set’s expected answers' : first.text.path}:{' '}
            {first.chunks} {first.chunks === 1 ? 'chunk' : 'chunks'} of {first.contextSize} tokens, measured{' '}
            {new Date(first.measuredAt).toLocaleString()}.{' '}
            {!asking && progress === null && (
              <button type="button" className="fidelity-again" onClick={() => setAsking(true)}>
                Measure again
              </button>
            )}
          </p>
        </>
      )}
      {progress === null && (first === undefined || asking) && data !== null && (
        <MeasureForm runId={runId} models={models} onStarted={() => setAsking(false)} />
      )}
    </section>
  );
}

/** Reference model and text source, then Measure fidelity. */
function MeasureForm({ runId, models, onStarted }: FidelityPanelProps & { onStarted: () => void }) {
  const id = useId();
  const measure = useFidelityStore((s) => s.measure);
  const [reference, setReference] = useState(models[0]?.key ?? '');
  const [source, setSource] = useState<FidelityText['kind']>('expected');
  const [file, setFile] = useState('');
  // Blank: 512, or the model's trained context or the text's length where shorter (decided in main).
  const [chunkSize, setChunkSize] = useState('');
  const contextSize = chunkSize.trim() === '' ? undefined : Number(chunkSize);
  const sizeOk = contextSize === undefined || (Number.isInteger(contextSize) && contextSize >= 16 && contextSize % 2 === 0);
  const text: FidelityText | null =
    source === 'expected' ? { kind: 'expected' } : file.trim() === '' ? null : { kind: 'file', path: file.trim() };
  return (
    <form
      className="fidelity-form"
      aria-label="Measure fidelity"
      onSubmit={(e) => {
        e.preventDefault();
        if (text === null || !sizeOk) return;
        onStarted();
        void measure({ runId, reference, text, ...optionalFields({ contextSize }) });
      }}
    >
      <p className="fidelity-intro">
        How far each model’s next-token distributions move from a reference model’s (KL divergence, as llama-perplexity measures it), and
        the perplexity of each on the same text. Models load one at a time.
      </p>
      <div className="form-row">
        <label htmlFor={`${id}-reference`}>Reference model</label>
        <ModelSelect id={`${id}-reference`} models={models} value={reference} onChange={setReference} />
      </div>
      <div role="radiogroup" aria-label="Text to measure on" className="form-row">
        <label>
          <input type="radio" name={`${id}-source`} checked={source === 'expected'} onChange={() => setSource('expected')} /> The test set’s
          expected answers
        </label>
        <label>
          <input type="radio" name={`${id}-source`} checked={source === 'file'} onChange={() => setSource('file')} /> A text file
        </label>
        {source === 'file' && (
          <input aria-label="Text file path" placeholder="/path/to/wiki.test.raw" value={file} onChange={(e) => setFile(e.target.value)} />
        )}
      </div>
      <div className="form-row">
        <label htmlFor={`${id}-ctx`}>Chunk size (tokens)</label>
        <input
          id={`${id}-ctx`}
          type="number"
          min={16}
          step={2}
          placeholder="auto"
          value={chunkSize}
          aria-invalid={!sizeOk}
          onChange={(e) => setChunkSize(e.target.value)}
        />
        <span className="fidelity-intro">
          llama-perplexity’s n_ctx: an even number; the second half of each chunk is scored. Blank: 512, or less where the model was trained
          on less or the text is shorter.
        </span>
      </div>
      <button type="submit" className="primary" disabled={text === null || !sizeOk}>
        Measure fidelity
      </button>
    </form>
  );
}
