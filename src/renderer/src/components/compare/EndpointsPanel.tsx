import { useEffect } from 'react';
import type { ModelRunSummary } from '../../../../shared/runSummary';
import { useCompareStore, useOpenRunId, useRunDetail, useRunSummary } from '../../stores/compareStore';
import './robustness.css';
import './endpoints.css';
import { DataTable } from '../ui/DataTable';

const rate = (x: number | null | undefined): string => (x == null ? '—' : x.toFixed(1));

/** Per remote endpoint: its share of the model's cases, its errors, and the tokens/s it delivered. */
export function EndpointsTable({ models }: { models: readonly ModelRunSummary[] }) {
  return (
    <section className="robustness endpoints" aria-labelledby="endpoints-title">
      <h3 id="endpoints-title">Remote endpoints</h3>
      <p className="muted">
        What each server answered. Throughput is generated tokens over the endpoint’s own time from first request to last answer, so
        concurrent requests add up; speeds are timed here, network included. Memory of a remote model is unknown unless its server reports
        it.
      </p>
      <div className="endpoints-scroll">
        <DataTable
          label="Remote endpoints"
          className="robustness-table"
          columns={[
            'Model',
            'Endpoint',
            'Answered',
            'Errors',
            'Tokens',
            'Wall time',
            'Throughput (tokens/s)',
            'Median per answer (tokens/s)',
            'State',
          ]}
        >
          {models.flatMap((m) =>
            (m.endpoints ?? []).map((e, i) => (
              <tr key={`${m.modelKey}-${e.endpoint}`} data-kind={i === 0 ? 'all' : 'endpoint'}>
                <th scope="row">{i === 0 ? m.label : ''}</th>
                <td>
                  <code>{e.endpoint}</code>
                </td>
                <td className="num">{e.results}</td>
                <td className="num">{e.errors}</td>
                <td className="num">{e.generatedTokens.toLocaleString('en-US')}</td>
                <td className="num">{e.wallSeconds === null ? '—' : `${e.wallSeconds.toFixed(1)} s`}</td>
                <td className="num">{rate(e.tokensPerSecond)}</td>
                <td className="num">{rate(e.generationTokensPerSecond?.median)}</td>
                <td data-worse={e.down !== null}>{e.down === null ? 'up' : `given up: ${e.down}`}</td>
              </tr>
            )),
          )}
        </DataTable>
      </div>
    </section>
  );
}

/** The open run's remote endpoints, for runs with remote models; nothing otherwise. */
export function EndpointsPanel() {
  const runId = useOpenRunId();
  const detail = useRunDetail();
  const summary = useRunSummary();
  const wantSummary = useCompareStore((s) => s.wantSummary);
  const remote = detail.data?.spec.models.some((m) => m.remote !== undefined) === true;
  useEffect(() => {
    if (runId !== null && remote) wantSummary();
  }, [runId, remote, wantSummary]);
  if (!remote) return null;
  const models = summary.data?.models.filter((m) => (m.endpoints?.length ?? 0) > 0);
  if (models === undefined)
    return (
      <p className="muted robustness">Remote endpoints: {summary.status === 'error' ? 'the summary could not be loaded.' : 'computing…'}</p>
    );
  return <EndpointsTable models={models} />;
}
