import type { EditorDiagnostic } from '../../stores/testSets/validateText';

/** At most this many problems are listed; the count says how many more there are. */
export const MAX_LISTED_PROBLEMS = 200;

function countText(errors: number, warnings: number): string {
  const parts = [
    errors > 0 ? `${errors} error${errors === 1 ? '' : 's'}` : '',
    warnings > 0 ? `${warnings} warning${warnings === 1 ? '' : 's'}` : '',
  ].filter(Boolean);
  return parts.length === 0 ? 'none' : parts.join(', ');
}

interface ProblemsListProps {
  diagnostics: readonly EditorDiagnostic[] | null;
  errorCount: number;
  warningCount: number;
  validating: boolean;
  failure: string | null;
  onJump: (line: number, column: number) => void;
}

/** Every problem Evalbench's parser found, in file order; each is a button that puts the cursor on it. */
export function ProblemsList({ diagnostics, errorCount, warningCount, validating, failure, onJump }: ProblemsListProps) {
  const shown = diagnostics?.slice(0, MAX_LISTED_PROBLEMS) ?? [];
  const more = (diagnostics?.length ?? 0) - shown.length;
  return (
    <section className="testset-problems" aria-labelledby="testset-problems-heading">
      <h2 id="testset-problems-heading">
        Problems <span className="muted">({diagnostics === null ? 'checking…' : countText(errorCount, warningCount)})</span>
        {validating && diagnostics !== null && <span className="checking muted"> · checking…</span>}
      </h2>
      {failure !== null && <p className="field-error">The test set could not be checked: {failure}</p>}
      {diagnostics !== null && diagnostics.length === 0 && failure === null && (
        <p className="muted no-problems">No problems: every case is valid.</p>
      )}
      {shown.length > 0 && (
        <ul className="problem-buttons" aria-label="Problems">
          {shown.map((d, index) => (
            <li key={`${index}-${d.line}-${d.column}`}>
              <button type="button" className="problem-button" data-severity={d.severity} onClick={() => onJump(d.line, d.column)}>
                <span className="problem-where">
                  Line {d.line}, col {d.column}
                </span>
                <span className="problem-kind">{d.severity === 'error' ? 'Error' : 'Warning'}</span>
                <span className="problem-text">
                  {d.message}
                  {d.hint !== undefined && <span className="problem-hint"> {d.hint}</span>}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {more > 0 && <p className="muted">…and {more.toLocaleString()} more; fix the first ones and the list updates.</p>}
    </section>
  );
}
