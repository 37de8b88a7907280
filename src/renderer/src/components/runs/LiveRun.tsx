import { useEffect, useRef } from 'react';
import type { RunListItem } from '../../../../shared/api';
import { MemoryChart } from '../../charts/MemoryChart';
import { useRunAction, useRunOutput, useRunProgress, useRunsStore, useRunTelemetry } from '../../stores/runsStore';
import { ErrorNotice } from '../ErrorNotice';
import { formatDuration, perModelProgress } from './runProgress';
import { StatusBadge } from '../ui/StatusBadge';

function Bar({ label, done, total }: { label: string; done: number; total: number }) {
  const percent = total === 0 ? 0 : Math.round((done / total) * 100);
  return (
    <div
      className="live-bar"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      aria-valuetext={`${done} of ${total}`}
    >
      <div className="live-bar-fill" style={{ width: `${percent}%` }} />
    </div>
  );
}

/** A run while it runs: overall and per-model progress, the current case and its output as it streams, TTFT, speed, ETA, errors and a live memory chart. */
export function LiveRun({ run }: { run: RunListItem }) {
  const progress = useRunProgress(run.id);
  const output = useRunOutput(run.id);
  const telemetry = useRunTelemetry(run.id);
  const watch = useRunsStore((s) => s.watchTelemetry);
  const pause = useRunsStore((s) => s.pause);
  const cancel = useRunsStore((s) => s.cancel);
  const pausing = useRunAction('pause');
  const cancelling = useRunAction('cancel');
  useEffect(() => watch(run.id), [watch, run.id]);
  // The newest text stays in sight as it streams.
  const outputBox = useRef<HTMLPreElement>(null);
  const text = output?.text;
  useEffect(() => {
    const box = outputBox.current;
    if (box !== null && text !== undefined) box.scrollTop = box.scrollHeight;
  }, [text]);

  const done = progress?.done ?? run.done;
  const total = progress?.total ?? run.total;
  const perModel = run.models.length === 0 ? 0 : total / run.models.length;
  const models = perModelProgress(done, run.models.length, perModel);
  const failed = [pausing, cancelling].find((a) => a.target === run.id && a.status === 'error');
  return (
    <section className="live-run" aria-label={`Running: ${run.name}`}>
      <header className="live-run-head">
        <h3>{run.name}</h3>
        <StatusBadge status={run.status}>{progress?.status ?? run.status}</StatusBadge>
        <div className="form-row">
          <button type="button" onClick={() => void pause(run.id)} disabled={pausing.status === 'pending'}>
            Pause
          </button>
          <button type="button" onClick={() => void cancel(run.id)} disabled={cancelling.status === 'pending'}>
            Cancel
          </button>
        </div>
      </header>
      <Bar label={`${run.name}: overall`} done={done} total={total} />
      <dl className="live-facts">
        <dt>Done</dt>
        <dd>{`${done} of ${total}`}</dd>
        <dt>Now</dt>
        <dd>{progress?.currentModel == null ? 'starting…' : `${progress.currentModel} · ${progress.currentCase ?? 'loading'}`}</dd>
        <dt>
          <abbr title="Time to first token">TTFT</abbr>
        </dt>
        <dd>{output === undefined ? '—' : `${Math.round(output.ttftMs)} ms`}</dd>
        <dt>Speed</dt>
        <dd>{progress?.tokensPerSecond == null ? '—' : `${progress.tokensPerSecond.toFixed(1)} tokens/s`}</dd>
        <dt>Left</dt>
        <dd>{progress?.etaSeconds == null ? '—' : `about ${formatDuration(progress.etaSeconds)}`}</dd>
        <dt>Errors</dt>
        <dd data-errors={(progress?.errors ?? 0) > 0}>{progress?.errors ?? 0}</dd>
      </dl>
      <figure className="live-output">
        <figcaption>
          {output === undefined
            ? 'Output'
            : `Output: ${output.model} · ${output.caseId}${output.repetition > 0 ? ` (repetition ${output.repetition + 1})` : ''}`}
        </figcaption>
        {/* A log, not a live region: a screen reader would read every 16 ms piece aloud. */}
        <pre ref={outputBox} className="live-output-text" role="log" aria-live="off" aria-label="Output of the current case" tabIndex={0}>
          {output === undefined ? <span className="muted">The current case’s output appears here as it is generated.</span> : output.text}
        </pre>
      </figure>
      <ul className="live-models" aria-label="Progress per model">
        {run.models.map((label, i) => {
          const m = models[i];
          return (
            <li key={`${i}-${label}`} data-state={m?.state}>
              <span className="live-model-name">{label}</span>
              <Bar label={label} done={m?.done ?? 0} total={m?.total ?? 0} />
              <span className="muted">{`${m?.done ?? 0}/${m?.total ?? 0}`}</span>
            </li>
          );
        })}
      </ul>
      {failed?.error != null && <ErrorNotice error={failed.error} />}
      <MemoryChart
        telemetry={telemetry ?? { samples: [], markers: [] }}
        modelLabels={run.models}
        label={`Live memory: ${run.name}`}
        height={220}
      />
    </section>
  );
}
