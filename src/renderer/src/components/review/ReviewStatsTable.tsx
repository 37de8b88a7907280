import { formatRate, type ModelReviewStats } from './reviewedStats';
import { DataTable } from '../ui/DataTable';

function interval(s: ModelReviewStats['reviewed']): string {
  return s.interval === null ? '' : ` (${(s.interval.lower * 100).toFixed(0)}–${(s.interval.upper * 100).toFixed(0)}%)`;
}

/** Pass rate per model from the scorers and with review labels applied, side by side: both are kept. */
export function ReviewStatsTable({ stats }: { stats: readonly ModelReviewStats[] }) {
  return (
    <DataTable label="Pass rates with review" className="review-stats" columns={['Model', 'Automatic', 'With review', 'Overrides']}>
      {stats.map((s) => (
        <tr key={s.modelKey}>
          <th scope="row">{s.label}</th>
          <td>
            {formatRate(s.automatic)} <span className="muted">{`${s.automatic.passed}/${s.automatic.total}`}</span>
          </td>
          <td>
            {formatRate(s.reviewed)} <span className="muted">{`${s.reviewed.passed}/${s.reviewed.total}${interval(s.reviewed)}`}</span>
          </td>
          <td>{s.overridden}</td>
        </tr>
      ))}
    </DataTable>
  );
}
