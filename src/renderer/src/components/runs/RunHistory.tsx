import { useState } from 'react';
import type { RunListItem } from '../../../../shared/api';
import { isInterrupted } from '../../stores/runsStore';
import { formatDateTime } from '../formatters';
import { RunDetails } from './RunDetails';
import { RunRow } from './RunRow';

interface RunHistoryProps {
  runs: readonly RunListItem[];
  onRerun: (runId: string) => void;
  onOpen: (runId: string, page: 'compare' | 'review') => void;
}

/** Every run, newest first, with what can be done to each. */
export function RunHistory({ runs, onRerun, onOpen }: RunHistoryProps) {
  const [detailsOf, setDetailsOf] = useState<string | null>(null);
  const shown = runs.find((r) => r.id === detailsOf);
  return (
    <section aria-labelledby="run-history-heading" className="run-history">
      <h2 id="run-history-heading">History</h2>
      <table aria-label="Runs" className="runs-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Started</th>
            <th scope="col">Models</th>
            <th scope="col">Cases</th>
            <th scope="col">Status</th>
            <th scope="col">Done</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <RunRow
              key={r.id}
              run={r}
              started={formatDateTime(r.createdAt)}
              onRerun={() => onRerun(r.id)}
              onOpen={(page) => onOpen(r.id, page)}
              detailsOpen={detailsOf === r.id}
              onDetails={() => setDetailsOf(detailsOf === r.id ? null : r.id)}
            />
          ))}
        </tbody>
      </table>
      {shown !== undefined && (
        <RunDetails
          key={shown.id}
          item={shown}
          statusText={isInterrupted(shown) ? 'interrupted' : shown.status}
          onClose={() => setDetailsOf(null)}
        />
      )}
    </section>
  );
}
