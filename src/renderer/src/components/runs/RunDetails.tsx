import { useEffect, useId, useState } from 'react';
import type { CallOutput, RunListItem } from '../../../../shared/api';
import { formatDuration } from '../../../../shared/formatDuration';
import { RunEnvironment } from '../../../../shared/runs';
import type { ApiError } from '../../../../shared/result';
import { getClient } from '../../api/client';
import { ErrorNotice } from '../ErrorNotice';
import { formatBytes, formatDateTime } from '../formatters';
import { DataTable } from '../ui/DataTable';
import { percentInterval } from '../../../../shared/formatPercent';

type RunRecord = CallOutput<'runs.get'>;
type Summary = CallOutput<'runs.summary'>;
type Loaded = { state: 'loading' } | { state: 'error'; error: ApiError } | { state: 'done'; run: RunRecord; summary: Summary | null };

interface RunDetailsProps {
  item: RunListItem;
  statusText: string;
  onClose: () => void;
}

/** One run's settings, models, duration, pass rates and environment, with its id to copy for the CLI. */
export function RunDetails({ item, statusText, onClose }: RunDetailsProps) {
  const headingId = useId();
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [copied, setCopied] = useState<'id' | 'failed' | null>(null);

  useEffect(() => {
    let live = true;
    const client = getClient();
    void Promise.all([
      client.call('runs.get', { runId: item.id }),
      item.done > 0 ? client.call('runs.summary', { runId: item.id }) : Promise.resolve(null),
    ]).then(([run, summary]) => {
      if (!live) return;
      if (!run.ok) setLoaded({ state: 'error', error: run.error });
      else if (summary !== null && !summary.ok) setLoaded({ state: 'error', error: summary.error });
      else setLoaded({ state: 'done', run: run.value, summary: summary?.value ?? null });
    });
    return () => {
      live = false;
    };
  }, [item.id, item.done]);

  const copyId = (): void => {
    void navigator.clipboard.writeText(item.id).then(
      () => setCopied('id'),
      () => setCopied('failed'),
    );
  };

  return (
    <section className="run-details" aria-labelledby={headingId}>
      <div className="run-details-header">
        <h3 id={headingId}>{item.name}</h3>
        <button type="button" onClick={onClose} aria-label={`Close the details of ${item.name}`}>
          Close
        </button>
      </div>
      <dl className="run-details-facts">
        <dt>Run id</dt>
        <dd>
          <code>{item.id}</code>{' '}
          <button type="button" onClick={copyId} aria-label="Copy the run id">
            Copy
          </button>
          <span role="status" className="field-help">
            {copied === 'id' ? ' Copied.' : copied === 'failed' ? ' The browser refused the clipboard; select the id to copy it.' : ''}
          </span>
        </dd>
        <dt>Status</dt>
        <dd>
          {statusText} · {item.done} of {item.total} results
        </dd>
        <dt>Started</dt>
        <dd>{formatDateTime(item.createdAt)}</dd>
        <dt>Finished</dt>
        <dd>
          {item.finishedAt === null ? '—' : `${formatDateTime(item.finishedAt)} (took ${formatDuration(item.createdAt, item.finishedAt)})`}
        </dd>
        <dt>Test set</dt>
        <dd>
          {item.testSetPath === null ? 'not recorded' : <code>{item.testSetPath}</code>} · {item.caseCount} cases
        </dd>
        <dt>From the command line</dt>
        <dd>
          <code>evalbench runs show {item.id.slice(0, 8)}</code> · <code>evalbench report {item.id.slice(0, 8)} --format html</code>
        </dd>
      </dl>
      {loaded.state === 'loading' && <p aria-live="polite">Loading the run…</p>}
      {loaded.state === 'error' && <ErrorNotice error={loaded.error} />}
      {loaded.state === 'done' && <RunDetailsBody run={loaded.run} summary={loaded.summary} labels={item.models} />}
    </section>
  );
}

function RunDetailsBody({ run, summary, labels }: { run: RunRecord; summary: Summary | null; labels: readonly string[] }) {
  const environment = RunEnvironment.partial().safeParse(run.environment);
  const env = environment.success ? environment.data : null;
  const spec = run.spec;
  return (
    <>
      <h4>Settings</h4>
      <p>
        {spec.mode} mode{spec.mode === 'throughput' ? ` (${spec.parallel} at once)` : ''} · {spec.repetitions} repetition
        {spec.repetitions === 1 ? '' : 's'} · {spec.warmup} warm-up generation{spec.warmup === 1 ? '' : 's'} ·{' '}
        {Object.entries(spec.params)
          .map(([k, v]) => `${k} ${JSON.stringify(v)}`)
          .join(', ')}
      </p>
      <DataTable
        label="Models of the run"
        className="run-details-models"
        columns={['Model', 'Load options', 'Loaded as', 'Pass rate (95 % CI)', 'Gen tok/s p50', 'Errors']}
      >
        {spec.models.map((m, i) => {
          const label = m.label ?? labels[i] ?? m.modelId;
          const figures = summary?.models[i];
          const info = env?.models?.[`m${i}:${m.modelId}`];
          return (
            <tr key={`${i}-${m.modelId}`}>
              <th scope="row">{label}</th>
              <td>
                {m.remote !== undefined
                  ? `remote ${m.remote.api}, ${m.remote.endpoints.length} endpoint(s)`
                  : Object.entries(m.load)
                      .map(([k, v]) => `${k} ${JSON.stringify(v)}`)
                      .join(', ') || 'defaults'}
              </td>
              <td>
                {info === undefined
                  ? '—'
                  : `${info.backend}, ${info.threads} thread${info.threads === 1 ? '' : 's'}, context ${info.contextSize}${info.gpuLayers > 0 ? `, ${info.gpuLayers}/${info.layerCount} layers on GPU` : ''}`}
              </td>
              <td className="numeric">{figures?.passRate == null ? '—' : percentInterval(figures.passRate)}</td>
              <td className="numeric">
                {figures?.generationTokensPerSecond?.median === undefined ? '—' : figures.generationTokensPerSecond.median.toFixed(1)}
              </td>
              <td className="numeric">{figures === undefined ? '—' : figures.errors}</td>
            </tr>
          );
        })}
      </DataTable>
      {env !== null && (
        <>
          <h4>Machine</h4>
          <p>
            {env.cpu === undefined ? '' : `${env.cpu.model} (${env.cpu.physicalCores} cores, ${env.cpu.logicalCores} threads)`}
            {env.ramBytes === undefined ? '' : ` · ${formatBytes(env.ramBytes)} RAM`}
            {env.gpus === undefined || env.gpus.length === 0 ? ' · no GPU' : ` · ${env.gpus.map((g) => g.name).join(', ')}`}
            {env.os === undefined ? '' : ` · ${env.os.distro} ${env.os.release} (${env.os.arch})`}
            {env.versions === undefined ? '' : ` · Evalbench ${env.versions.evalbench}, node-llama-cpp ${env.versions.nodeLlamaCpp}`}
          </p>
        </>
      )}
    </>
  );
}
