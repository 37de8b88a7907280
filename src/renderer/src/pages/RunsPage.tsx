import { EmptyState } from '../components/EmptyState';
import { ErrorNotice } from '../components/ErrorNotice';
import { formatDateTime } from '../components/formatters';
import { useLoadOnMount } from '../components/useLoadOnMount';
import { useModelsStore } from '../stores/modelsStore';
import { useRunsStore } from '../stores/runsStore';
import { useTestSetsStore } from '../stores/testSetsStore';
import { useUiStore } from '../stores/uiStore';

export function RunsPage() {
  const runs = useRunsStore();
  const testSets = useTestSetsStore();
  const models = useModelsStore();
  const goTo = useUiStore((s) => s.goTo);
  useLoadOnMount(runs.load, testSets.load, models.load);
  const testSetCount = testSets.data?.length ?? 0;
  const modelCount = models.data?.length ?? 0;
  return (
    <>
      <h1>Runs</h1>
      {runs.error !== null && <ErrorNotice error={runs.error} onRetry={() => void runs.load()} />}
      {runs.data === null ? (
        runs.status === 'loading' && <p aria-live="polite">Loading runs…</p>
      ) : runs.data.length === 0 ? (
        <EmptyState
          title="No runs yet"
          actions={
            <>
              {testSetCount === 0 && (
                <button type="button" onClick={() => goTo('test-sets')}>
                  Go to Test sets
                </button>
              )}
              {modelCount === 0 && (
                <button type="button" onClick={() => goTo('models')}>
                  Go to Models
                </button>
              )}
            </>
          }
        >
          <p>A run puts every chosen model through the same test set under the same settings, and records outputs, scores, timings and memory.</p>
          <ul aria-label="What a run needs" className="checklist">
            <li data-done={testSetCount > 0}>
              {testSetCount > 0 ? '✓' : '○'} At least one test set ({testSetCount} so far)
            </li>
            <li data-done={modelCount > 0}>
              {modelCount > 0 ? '✓' : '○'} At least one model, two or more to compare ({modelCount} so far)
            </li>
          </ul>
        </EmptyState>
      ) : (
        <table aria-label="Runs">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              <th scope="col">Started</th>
            </tr>
          </thead>
          <tbody>
            {runs.data.map((r) => (
              <tr key={r.id}>
                <td>{r.name}</td>
                <td>{r.status}</td>
                <td>{formatDateTime(r.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
