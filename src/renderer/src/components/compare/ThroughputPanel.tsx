import { useEffect } from 'react';
import type { ModelRunSummary } from '../../../../shared/runSummary';
import { useCompareStore, useOpenRunId, useRunDetail, useRunSummary } from '../../stores/compareStore';
import './robustness.css';
import { DataTable } from '../ui/DataTable';

const rate = (x: number | null | undefined): string => (x == null ? '—' : x.toFixed(1));

/** Per model in a throughput run: the tokens/s the engine delivered with several cases at once. */
export function ThroughputTable({ models }: { models: readonly ModelRunSummary[] }) {
  return (
    <section className="robustness" aria-labelledby="throughput-title">
      <h3 id="throughput-title">Aggregate throughput</h3>
      <p className="muted">
        All generated tokens over the wall time of the generation phase (first case started to last finished), so cases run at once add up.
        Per-case speed is the median each sequence reached.
      </p>
      <DataTable
        label="Aggregate throughput"
        className="robustness-table"
        columns={['Model', 'Aggregate (tokens/s)', 'Tokens', 'Wall time', 'Median per case (tokens/s)']}
      >
        {models.map((m) => (
          <tr key={m.modelKey}>
            <th scope="row">{m.label}</th>
            <td className="num">{rate(m.aggregateThroughput?.tokensPerSecond)}</td>
            <td className="num">{m.aggregateThroughput == null ? '—' : m.aggregateThroughput.generatedTokens.toLocaleString('en-US')}</td>
            <td className="num">{m.aggregateThroughput == null ? '—' : `${m.aggregateThroughput.wallSeconds.toFixed(1)} s`}</td>
            <td className="num">{rate(m.generationTokensPerSecond?.median)}</td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}

/** The open run's aggregate throughput, for throughput-mode runs; nothing otherwise. */
export function ThroughputPanel() {
  const runId = useOpenRunId();
  const detail = useRunDetail();
  const summary = useRunSummary();
  const wantSummary = useCompareStore((s) => s.wantSummary);
  const throughput = detail.data?.spec.mode === 'throughput';
  useEffect(() => {
    if (runId !== null && throughput) wantSummary();
  }, [runId, throughput, wantSummary]);
  if (!throughput) return null;
  const models = summary.data?.models;
  if (models === undefined)
    return (
      <p className="muted robustness">
        Aggregate throughput: {summary.status === 'error' ? 'the summary could not be loaded.' : 'computing…'}
      </p>
    );
  return <ThroughputTable models={models} />;
}
