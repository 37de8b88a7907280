import { useEffect, useState } from 'react';
import type { RunListItem } from '../../../../shared/api';
import type { ApiError } from '../../../../shared/result';
import { getClient } from '../../api/client';
import { useReportsStore } from '../../stores/reportsStore';
import { ErrorNotice } from '../ErrorNotice';
import { failingCases, type FailingCase } from './failingCases';

/** The failed cases of the run as checkboxes, for a report that shows only the ones picked. */
export function FailureCasePicker({ run, picked }: { run: RunListItem; picked: readonly string[] }) {
  const update = useReportsStore((s) => s.update);
  const [cases, setCases] = useState<FailingCase[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    let current = true;
    const client = getClient();
    void Promise.all([
      client.call('runs.get', { runId: run.id }),
      client.call('runs.results', { runId: run.id }),
      client.call('review.list', { runId: run.id }),
    ]).then(([detail, results, labels]) => {
      if (!current) return;
      if (!detail.ok) return setError(detail.error);
      if (!results.ok) return setError(results.error);
      if (!labels.ok) return setError(labels.error);
      setError(null);
      setCases(failingCases(detail.value, results.value, labels.value, run.models));
    });
    return () => {
      current = false;
    };
  }, [run.id, run.models]);
  if (error !== null) return <ErrorNotice error={error} />;
  if (cases === null) return <p className="muted">Loading the failed cases…</p>;
  if (cases.length === 0) return <p className="muted">No case failed in this run.</p>;
  const toggle = (caseId: string, on: boolean): void =>
    update({ picked: on ? [...picked.filter((p) => p !== caseId), caseId] : picked.filter((p) => p !== caseId) });
  return (
    <fieldset className="report-picked">
      <legend>
        Failed cases to include ({picked.length} of {cases.length} picked)
      </legend>
      <ul>
        {cases.map((c) => (
          <li key={c.caseId}>
            <label>
              <input type="checkbox" checked={picked.includes(c.caseId)} onChange={(e) => toggle(c.caseId, e.target.checked)} />
              <span className="case-id">{c.caseId}</span>
              <span className="muted">
                {' '}
                failed by {c.models.join(', ')}
                {c.reviewed ? ' · reviewed' : ''}
              </span>
              <span className="case-prompt">{c.prompt}</span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
