import { useEffect, useRef, type ReactNode } from 'react';
import type { ModelMetadata, ModelSummary } from '../../../../shared/models';
import { formatBytes, formatDateTime } from '../formatters';
import { MemoryEstimatePanel } from './MemoryEstimatePanel';
import { formatCount, formatParameters, statusText } from './modelFormat';
import { ProblemList } from './ProblemList';
import { RemoveModel } from './RemoveModel';
import './modelDetails.css';
import { StatusBadge } from '../ui/StatusBadge';

/** Everything the library knows about one model: problems first, then the file, the header and the memory it needs. */
export function ModelDetails({ model, onClose }: { model: ModelSummary; onClose: () => void }) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    ref.current?.scrollIntoView({ block: 'nearest' });
  }, [model.id]);
  return (
    <section ref={ref} id="model-details" aria-labelledby="model-details-heading" className="model-details">
      <div className="details-head">
        <h2 id="model-details-heading">{model.name}</h2>
        <StatusBadge status={model.status}>{statusText(model)}</StatusBadge>
        <button type="button" className="close-button" aria-label="Close details" onClick={onClose}>
          ×
        </button>
      </div>
      {model.status === 'missing' && (
        <p className="details-note">
          The file is no longer where it was added. Add it again from its new place: Evalbench recognises it by its content hash and keeps
          its history.
        </p>
      )}
      <ProblemList problems={model.problems} />
      <div className="details-columns">
        <div>
          <FileFacts model={model} />
          <MemoryEstimatePanel key={model.id} model={model} />
          <RemoveModel key={`remove-${model.id}`} model={model} />
        </div>
        <div>
          {model.metadata === null ? (
            <section aria-labelledby="metadata-heading">
              <h3 id="metadata-heading">Header</h3>
              <p className="muted">The GGUF header could not be read; see the problems above.</p>
            </section>
          ) : (
            <MetadataFacts metadata={model.metadata} />
          )}
        </div>
      </div>
    </section>
  );
}

function FileFacts({ model }: { model: ModelSummary }) {
  return (
    <section aria-labelledby="file-heading">
      <h3 id="file-heading">File</h3>
      <dl className="facts">
        <Fact label="Path">
          <code className="break">{model.path}</code>
        </Fact>
        {model.parts.length > 1 && (
          <Fact label={`Parts (${model.parts.length})`}>
            <ol aria-label="Parts" className="parts-list">
              {model.parts.map((part) => (
                <li key={part}>
                  <code className="break">{part}</code>
                </li>
              ))}
            </ol>
          </Fact>
        )}
        <Fact label="Size">
          {formatBytes(model.sizeBytes)} <span className="muted">({formatCount(model.sizeBytes)} bytes)</span>
        </Fact>
        <Fact label="SHA-256">
          {model.sha256 !== null ? (
            <code className="break">{model.sha256}</code>
          ) : model.status === 'missing' ? (
            <span className="muted">not computed: the file is missing</span>
          ) : (
            <span className="muted">hashing…{model.hashProgress !== null && ` ${Math.floor(model.hashProgress * 100)}%`}</span>
          )}
        </Fact>
        <Fact label="Added">{formatDateTime(model.addedAt)}</Fact>
      </dl>
    </section>
  );
}

function MetadataFacts({ metadata: m }: { metadata: ModelMetadata }) {
  const orNone = (value: number | string | null, format: (v: number) => string = formatCount): string =>
    value === null ? '—' : typeof value === 'number' ? format(value) : value;
  return (
    <section aria-labelledby="metadata-heading">
      <h3 id="metadata-heading">Header</h3>
      <dl className="facts">
        <Fact label="Architecture">{orNone(m.architecture)}</Fact>
        <Fact label="Name in file">{orNone(m.name)}</Fact>
        <Fact label="Parameters">
          {formatParameters(m.parameterCount)} <span className="muted">({formatCount(m.parameterCount)})</span>
        </Fact>
        <Fact label="File type">{orNone(m.fileType)}</Fact>
        <Fact label="Main tensor type">{orNone(m.dominantTensorType)}</Fact>
        <Fact label="Bits per weight">{orNone(m.bitsPerWeight, (v) => v.toFixed(2))}</Fact>
        <Fact label="Context length">{orNone(m.contextLength)}</Fact>
        <Fact label="Layers">{orNone(m.layerCount)}</Fact>
        <Fact label="Embedding length">{orNone(m.embeddingLength)}</Fact>
        <Fact label="Attention heads">{orNone(m.headCount)}</Fact>
        <Fact label="KV heads">{orNone(m.headCountKv)}</Fact>
        <Fact label="Vocabulary">{orNone(m.vocabularySize)}</Fact>
        <Fact label="Tokenizer">{orNone(m.tokenizer)}</Fact>
        <Fact label="GGUF version">{String(m.ggufVersion)}</Fact>
        <Fact label="Tensors">{formatCount(m.tensorCount)}</Fact>
        <Fact label="Tensor data">
          {formatBytes(m.tensorBytes)} <span className="muted">({formatCount(m.tensorBytes)} bytes)</span>
        </Fact>
        <Fact label="Chat template">
          {m.chatTemplate === null ? (
            <span className="muted">none in the file</span>
          ) : (
            <details>
              <summary>Show ({formatCount(m.chatTemplate.length)} characters)</summary>
              <pre className="chat-template">{m.chatTemplate}</pre>
            </details>
          )}
        </Fact>
      </dl>
    </section>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}
