import type { RunListItem } from '../../../shared/api';
import { formatDateTime } from './formatters';

/** The runs as the choices of a run picker: name, when it was made, its models, and its status unless it completed. */
export function RunOptions({ runs }: { runs: readonly RunListItem[] }) {
  return runs.map((r) => (
    <option key={r.id} value={r.id}>
      {`${r.name} · ${formatDateTime(r.createdAt)} · ${r.models.join(' vs ')}${r.status === 'completed' ? '' : ` (${r.status})`}`}
    </option>
  ));
}
