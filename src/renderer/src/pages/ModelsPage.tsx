import { EmptyState } from '../components/EmptyState';
import { ErrorNotice } from '../components/ErrorNotice';
import { formatBytes } from '../components/formatters';
import { useLoadOnMount } from '../components/useLoadOnMount';
import { useModelsStore } from '../stores/modelsStore';

export function ModelsPage() {
  const { data, status, error, load } = useModelsStore();
  useLoadOnMount(load);
  return (
    <>
      <h1>Models</h1>
      {error !== null && <ErrorNotice error={error} onRetry={() => void load()} />}
      {data === null ? (
        status === 'loading' && <p aria-live="polite">Loading models…</p>
      ) : data.length === 0 ? (
        <EmptyState title="No models yet">
          <p>
            Evalbench compares GGUF model files on this machine, most usefully one model at several quantizations
            (for example Q8_0, Q4_K_M and Q2_K of the same base).
          </p>
          <p>
            Models are known by the hash of their content, so moving or renaming a file keeps its results. Nothing is
            loaded into memory until a run needs it.
          </p>
        </EmptyState>
      ) : (
        <table aria-label="Models">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Size</th>
              <th scope="col">File</th>
            </tr>
          </thead>
          <tbody>
            {data.map((m) => (
              <tr key={m.id}>
                <td>{m.name}</td>
                <td>{formatBytes(m.sizeBytes)}</td>
                <td className="path">{m.path}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
