import { Fragment, useEffect, useId, useRef, useState } from 'react';
import type { MemoryEstimate, ModelSummary } from '../../../../shared/models';
import { useModelAction, useModelsStore } from '../../stores/modelsStore';
import { ErrorNotice } from '../ErrorNotice';
import { formatBytes } from '../formatters';
import { formatCount } from './modelFormat';
import './memoryEstimate.css';

const MIN_CONTEXT = 16;
const MAX_CONTEXT = 1_048_576;
const DEFAULT_CONTEXT = 4096;
const DEBOUNCE_MS = 200;

/** A context most runs would use: the trained length, capped where the KV cache starts to dominate. */
function defaultContext(trained: number | null): number {
  return trained === null || trained < MIN_CONTEXT ? DEFAULT_CONTEXT : Math.min(trained, DEFAULT_CONTEXT);
}

/**
 * How much memory a model needs at a context size, against this machine's RAM. Mounted once per
 * model (the parent keys it by id), so the context size starts fresh for each.
 */
export function MemoryEstimatePanel({ model }: { model: ModelSummary }) {
  const estimate = useModelsStore((s) => s.estimate);
  const action = useModelAction('estimate');
  const gpus = useModelsStore((s) => s.machineGpus);
  const trained = model.metadata?.contextLength ?? null;
  const [text, setText] = useState(() => String(defaultContext(trained)));
  const fieldId = useId();
  const helpId = useId();
  const value = Number(text);
  const valid = text.trim() !== '' && Number.isInteger(value) && value >= MIN_CONTEXT && value <= MAX_CONTEXT;
  const readable = model.metadata !== null;
  const asked = useRef(false);

  useEffect(() => {
    if (!valid || !readable) return;
    // The first estimate at once; later ones wait until the user stops typing.
    const timer = setTimeout(() => void estimate(model.id, value), asked.current ? DEBOUNCE_MS : 0);
    asked.current = true;
    return () => clearTimeout(timer);
  }, [estimate, model.id, readable, valid, value]);

  if (!readable) {
    return (
      <section aria-labelledby="memory-heading" className="memory-estimate">
        <h3 id="memory-heading">Memory</h3>
        <p className="muted">The header could not be read, so the memory this model needs cannot be estimated.</p>
      </section>
    );
  }

  const mine = action.target === model.id;
  const result = mine ? action.result : null;
  return (
    <section aria-labelledby="memory-heading" className="memory-estimate">
      <h3 id="memory-heading">Memory</h3>
      <div className="context-row">
        <label htmlFor={fieldId}>Context size</label>
        <input
          id={fieldId}
          type="number"
          inputMode="numeric"
          min={MIN_CONTEXT}
          max={MAX_CONTEXT}
          step={256}
          aria-describedby={helpId}
          aria-invalid={!valid}
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
        <span className="muted">tokens</span>
        {trained !== null && trained >= MIN_CONTEXT && trained <= MAX_CONTEXT && value !== trained && (
          <button type="button" onClick={() => setText(String(trained))}>
            Use trained length
          </button>
        )}
      </div>
      <p id={helpId} className={valid ? 'field-help' : 'field-error'}>
        {valid
          ? trained === null
            ? 'The file does not say which context length the model was trained for.'
            : value > trained
              ? `More than the ${formatCount(trained)} tokens it was trained for: without RoPE scaling, outputs past that usually degrade.`
              : `Trained for ${formatCount(trained)} tokens.`
          : `Enter a whole number of tokens from ${formatCount(MIN_CONTEXT)} to ${formatCount(MAX_CONTEXT)}.`}
      </p>
      {mine && action.status === 'error' && action.error !== null && <ErrorNotice error={action.error} />}
      {result === null ? (
        !(mine && action.status === 'error') && valid && <EstimatePlaceholder gpus={gpus} />
      ) : (
        <EstimateFigures estimate={result} stale={action.status === 'pending' || result.contextSize !== value} />
      )}
    </section>
  );
}

function EstimateFigures({ estimate: e, stale }: { estimate: MemoryEstimate; stale: boolean }) {
  const scale = Math.max(e.totalBytes, e.machineRamBytes, 1);
  const share = (bytes: number): string => `${((bytes / scale) * 100).toFixed(2)}%`;
  return (
    <div className="estimate" aria-busy={stale}>
      <dl className="facts estimate-figures">
        <dt>Weights</dt>
        <dd>{formatBytes(e.weightsBytes)}</dd>
        <dt>KV cache (f16)</dt>
        <dd>{formatBytes(e.kvCacheBytes)}</dd>
        <dt>Compute buffers</dt>
        <dd>{formatBytes(e.computeBytes)}</dd>
        <dt>Total</dt>
        <dd>
          <strong>{formatBytes(e.totalBytes)}</strong> at {formatCount(e.contextSize)} tokens
        </dd>
        <dt>This machine</dt>
        <dd>
          {formatBytes(e.machineRamBytes)} RAM, {formatBytes(e.machineFreeRamBytes)} free now
        </dd>
        {e.gpus.map((gpu, index) => (
          <Fragment key={index}>
            <dt>{gpuLabel(index, e.gpus.length)}</dt>
            <dd>
              {gpu.name}: {formatBytes(gpu.vramTotalBytes)} VRAM, {formatBytes(gpu.vramFreeBytes)} free now
            </dd>
          </Fragment>
        ))}
      </dl>
      <div className="estimate-bar" aria-hidden="true" title="Weights, KV cache and compute buffers against this machine's RAM">
        <span className="segment weights" style={{ width: share(e.weightsBytes) }} />
        <span className="segment kv" style={{ width: share(e.kvCacheBytes) }} />
        <span className="segment compute" style={{ width: share(e.computeBytes) }} />
        <span className="free-marker" style={{ left: share(e.machineFreeRamBytes) }} />
      </div>
      <EstimateLegend scale={formatBytes(scale)} />
      {e.fits === 'yes' ? (
        <>
          <p className="estimate-verdict" data-fits="yes">
            Fits: needs {formatBytes(e.totalBytes)} of the {formatBytes(e.machineFreeRamBytes)} of RAM free now.
          </p>
          <GpuVerdict estimate={e} />
        </>
      ) : (
        // main's message already says what the GPU changes.
        <div role="alert" className="estimate-verdict" data-fits={e.fits}>
          <strong>{e.fits === 'no' ? 'Does not fit in this machine’s RAM.' : 'Tight: more than the RAM free now.'}</strong> {e.message}
        </div>
      )}
      <EstimateNote />
    </div>
  );
}

/**
 * The figures' frame while the first estimate is on its way: the same rows at the same height, so
 * the Remove button below does not jump under the pointer when the numbers arrive.
 */
function EstimatePlaceholder({ gpus }: { gpus: MemoryEstimate['gpus'] }) {
  const gpuRows = gpus.map((_, index) => gpuLabel(index, gpus.length));
  const rows = ['Weights', 'KV cache (f16)', 'Compute buffers', 'Total', 'This machine', ...gpuRows];
  return (
    <div className="estimate" aria-busy="true">
      <dl className="facts estimate-figures">
        {rows.map((label) => (
          <Fragment key={label}>
            <dt>{label}</dt>
            <dd className="muted">…</dd>
          </Fragment>
        ))}
      </dl>
      <div className="estimate-bar" aria-hidden="true" />
      <EstimateLegend scale="…" />
      <p className="estimate-verdict muted">Estimating…</p>
      {/* Where a GPU is, the figures add a line on what full offload needs. */}
      {gpus.length > 0 && <p className="estimate-verdict muted">…</p>}
      <EstimateNote />
    </div>
  );
}

function gpuLabel(index: number, count: number): string {
  return count === 1 ? 'GPU' : `GPU ${index}`;
}

/** The bar's key; `scale` is what its whole width stands for. */
function EstimateLegend({ scale }: { scale: string }) {
  return (
    <div className="estimate-legend" aria-hidden="true">
      <span className="key weights">Weights</span>
      <span className="key kv">KV cache</span>
      <span className="key compute">Compute</span>
      <span className="key free">RAM free now</span>
      <span className="muted bar-scale">Bar: whole width is {scale}</span>
    </div>
  );
}

function EstimateNote() {
  return (
    <p className="field-help">An estimate from the header: llama.cpp’s real figure varies with the backend, offload and batch settings.</p>
  );
}

/** Whether the whole model fits on the GPU with the most free VRAM (the same GPU main judged by). */
function GpuVerdict({ estimate: e }: { estimate: MemoryEstimate }) {
  const best = [...e.gpus].sort((a, b) => b.vramFreeBytes - a.vramFreeBytes)[0];
  if (e.gpuFits === null || best === undefined) return null;
  return (
    <p className="estimate-verdict" data-fits={e.gpuFits}>
      {e.gpuFits === 'yes'
        ? `Fully offloaded, it fits in the ${formatBytes(best.vramFreeBytes)} of VRAM free on ${best.name}.`
        : e.gpuFits === 'tight'
          ? `Fully offloaded, it needs more than the ${formatBytes(best.vramFreeBytes)} of VRAM free on ${best.name} now: offload fewer layers or free VRAM.`
          : `Fully offloaded, it would not fit in ${best.name}’s ${formatBytes(best.vramTotalBytes)} of VRAM: offload fewer layers.`}
    </p>
  );
}
