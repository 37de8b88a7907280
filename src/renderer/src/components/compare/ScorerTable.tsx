import './caseDetail.css';
import type { CaseScore } from '../../../../shared/runs';
import { DataTable } from '../ui/DataTable';

/** Every scorer's verdict on one result, with its explanation. */
export function ScorerTable({ scores }: { scores: readonly CaseScore[] }) {
  if (scores.length === 0) return <p className="muted">This case has no scorers: only a person can judge it.</p>;
  return (
    <DataTable label="Scorers" className="scorer-table" columns={['Scorer', 'Verdict', 'Score', 'Explanation']}>
      {scores.map((s, i) => (
        <tr
          key={`${i}-${s.label}`}
          data-state={s.error !== null ? 'error' : s.passed === true ? 'pass' : s.passed === false ? 'fail' : 'none'}
        >
          <td>
            {s.label}
            {s.label !== s.type && <span className="muted"> ({s.type})</span>}
            {s.weight !== 1 && <span className="muted"> ×{s.weight}</span>}
          </td>
          <td>{s.error !== null ? 'could not run' : s.passed === true ? 'passed' : s.passed === false ? 'failed' : '—'}</td>
          <td>{s.rawScore === null ? '—' : Number.isInteger(s.rawScore) ? s.rawScore : s.rawScore.toFixed(3)}</td>
          <td className="explanation">{s.error ?? s.explanation}</td>
        </tr>
      ))}
    </DataTable>
  );
}
