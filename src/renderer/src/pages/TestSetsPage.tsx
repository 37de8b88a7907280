import { EmptyState } from '../components/EmptyState';
import { ErrorNotice } from '../components/ErrorNotice';
import { formatDateTime } from '../components/formatters';
import { useLoadOnMount } from '../components/useLoadOnMount';
import { useTestSetsStore } from '../stores/testSetsStore';

export function TestSetsPage() {
  const { data, status, error, load } = useTestSetsStore();
  useLoadOnMount(load);
  return (
    <>
      <h1>Test sets</h1>
      {error !== null && <ErrorNotice error={error} onRetry={() => void load()} />}
      {data === null ? (
        status === 'loading' && <p aria-live="polite">Loading test sets…</p>
      ) : data.length === 0 ? (
        <EmptyState title="No test sets yet">
          <p>
            Start here. A test set is a YAML or JSONL file of cases: a prompt or chat messages, the answers you accept, and
            the scorers that judge each output. It stays a plain file you can diff, review and share.
          </p>
          <p>Every model in a run answers every case of its test sets, so write the cases before you add models.</p>
        </EmptyState>
      ) : (
        <table aria-label="Test sets">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Cases</th>
              <th scope="col">File</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {data.map((t) => (
              <tr key={t.id}>
                <td>{t.name}</td>
                <td>{t.caseCount}</td>
                <td className="path">{t.path}</td>
                <td>{formatDateTime(t.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
