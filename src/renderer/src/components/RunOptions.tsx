import type { RunListItem } from '../../../shared/api';
import { runDisplayStatus } from '../../../shared/runDisplayStatus';
import { formatDateTime } from './formatters';

/** The runs as the choices of a run picker: name, when it was made, its models, and its status unless it completed. */
export function RunOptions({ runs }: { runs: readonly RunListItem[] }) {
  return runs.map((r) => {
    const status = runDisplayStatus(r);
    return (
      <option key={r.id} value={r.id}>
        {`${r.name} · ${formatDateTime(r.createdAt)} · ${r.models.join(' vs ')}${status === 'completed' ? '' : ` (${status})`}`}
      </option>
    );
  });
}
