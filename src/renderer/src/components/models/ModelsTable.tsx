import { useMemo, useState } from 'react';
import type { ModelSummary } from '../../../../shared/models';
import { formatBytes } from '../formatters';
import { formatCount, formatParameters, quantizationLabel, statusText } from './modelFormat';
import './modelsTable.css';
import { StatusBadge } from '../ui/StatusBadge';

type SortKey = 'name' | 'quantization' | 'parameters' | 'bitsPerWeight' | 'size' | 'context' | 'status';
interface Sort {
  key: SortKey;
  direction: 'ascending' | 'descending';
}

const COLUMNS: readonly { key: SortKey; label: string; numeric: boolean }[] = [
  { key: 'name', label: 'Name', numeric: false },
  { key: 'quantization', label: 'Quantization', numeric: false },
  { key: 'parameters', label: 'Parameters', numeric: true },
  { key: 'bitsPerWeight', label: 'Bits per weight', numeric: true },
  { key: 'size', label: 'Size', numeric: true },
  { key: 'context', label: 'Context', numeric: true },
  { key: 'status', label: 'Status', numeric: false },
];

const STATUS_ORDER: Record<ModelSummary['status'], number> = { invalid: 0, missing: 1, hashing: 2, ready: 3 };

/** The value a column sorts by; missing values sort last either way. */
function sortValue(model: ModelSummary, key: SortKey): string | number | null {
  const m = model.metadata;
  switch (key) {
    case 'name':
      return model.name.toLowerCase();
    case 'quantization':
      // Quantizations order by how many bits they spend, not alphabetically (Q2_K < Q4_K_M < Q8_0 < F16).
      return m?.bitsPerWeight ?? null;
    case 'parameters':
      return m?.parameterCount ?? null;
    case 'bitsPerWeight':
      return m?.bitsPerWeight ?? null;
    case 'size':
      return model.sizeBytes;
    case 'context':
      return m?.contextLength ?? null;
    case 'status':
      return STATUS_ORDER[model.status];
    default:
      return key satisfies never;
  }
}

function compare(a: ModelSummary, b: ModelSummary, sort: Sort): number {
  const x = sortValue(a, sort.key);
  const y = sortValue(b, sort.key);
  if (x === null || y === null) return x === y ? a.name.localeCompare(b.name) : x === null ? 1 : -1;
  const order = x < y ? -1 : x > y ? 1 : a.name.localeCompare(b.name);
  return sort.direction === 'ascending' ? order : -order;
}

/** The folder a file is in, as the path writes it (a model's name is already its file name). */
function folderOf(file: string): string {
  const cut = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return cut <= 0 ? file : file.slice(0, cut);
}

interface ModelsTableProps {
  models: readonly ModelSummary[];
  selectedId: string | null;
  onSelect: (id: string) => void;
}

/** The library, one row a model, sortable by every column; a row's name opens its details. */
export function ModelsTable({ models, selectedId, onSelect }: ModelsTableProps) {
  const [sort, setSort] = useState<Sort>({ key: 'name', direction: 'ascending' });
  const sorted = useMemo(() => [...models].sort((a, b) => compare(a, b, sort)), [models, sort]);
  const toggle = (key: SortKey): void =>
    setSort((current) => ({ key, direction: current.key === key && current.direction === 'ascending' ? 'descending' : 'ascending' }));

  return (
    <table aria-label="Models" className="models-table">
      <thead>
        <tr>
          {COLUMNS.map((c) => (
            <th
              key={c.key}
              scope="col"
              aria-sort={sort.key === c.key ? sort.direction : 'none'}
              className={c.numeric ? 'numeric' : undefined}
            >
              <button type="button" className="sort-button" onClick={() => toggle(c.key)}>
                {c.label}
                <span aria-hidden="true" className="sort-indicator">
                  {sort.key === c.key ? (sort.direction === 'ascending' ? '▲' : '▼') : ''}
                </span>
              </button>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {sorted.map((model) => {
          const quant = quantizationLabel(model.metadata);
          const m = model.metadata;
          const selected = model.id === selectedId;
          return (
            <tr key={model.id} data-selected={selected} data-status={model.status} onClick={() => onSelect(model.id)}>
              <td>
                <button
                  type="button"
                  className="model-name"
                  aria-current={selected ? 'true' : undefined}
                  aria-controls={selected ? 'model-details' : undefined}
                  onClick={() => onSelect(model.id)}
                >
                  {model.name}
                </button>
                <div className="path" title={model.path}>
                  {folderOf(model.path)}
                </div>
              </td>
              <td>
                {quant.fileType}
                {quant.dominant !== null && (
                  <span className="muted" title={`Most weight bytes are ${quant.dominant}`}>
                    {' '}
                    · {quant.dominant}
                  </span>
                )}
              </td>
              <td className="numeric" title={m === null ? undefined : formatCount(m.parameterCount)}>
                {m === null ? '—' : formatParameters(m.parameterCount)}
              </td>
              <td className="numeric">{m === null || m.bitsPerWeight === null ? '—' : m.bitsPerWeight.toFixed(2)}</td>
              <td className="numeric">{formatBytes(model.sizeBytes)}</td>
              <td className="numeric">{m === null || m.contextLength === null ? '—' : formatCount(m.contextLength)}</td>
              <td>
                <StatusBadge status={model.status}>{statusText(model)}</StatusBadge>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
