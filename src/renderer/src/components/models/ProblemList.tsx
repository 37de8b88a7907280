import type { ModelProblem } from '../../../../shared/models';
import './problemList.css';

interface ProblemGroup {
  key: string;
  severity: ModelProblem['severity'];
  hint: string;
  messages: string[];
}

/** A truncated file fails the same check for every tensor after the cut: one entry per kind, the rest folded. */
function groupProblems(problems: readonly ModelProblem[]): ProblemGroup[] {
  const groups = new Map<string, ProblemGroup>();
  for (const p of problems) {
    const key = `${p.severity}\u0000${p.code}\u0000${p.hint}`;
    const group = groups.get(key);
    if (group) group.messages.push(p.message);
    else groups.set(key, { key, severity: p.severity, hint: p.hint, messages: [p.message] });
  }
  return [...groups.values()].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
}

/** What Evalbench's own check found in a model file: errors first and marked as such, each with what to do. */
export function ProblemList({ problems }: { problems: readonly ModelProblem[] }) {
  if (problems.length === 0) return null;
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  return (
    <section aria-labelledby="model-problems-heading" className="model-problems">
      <h3 id="model-problems-heading">
        Problems{' '}
        <span className="muted">
          (
          {[
            errors > 0 ? `${errors} error${errors === 1 ? '' : 's'}` : '',
            warnings > 0 ? `${warnings} warning${warnings === 1 ? '' : 's'}` : '',
          ]
            .filter(Boolean)
            .join(', ')}
          )
        </span>
      </h3>
      <ul className="problem-list">
        {groupProblems(problems).map((group) => {
          const [first, ...rest] = group.messages;
          return (
            <li key={group.key} className="problem" data-severity={group.severity}>
              <span className="problem-severity">{group.severity === 'error' ? 'Error' : 'Warning'}</span>
              <p className="problem-message">{first}</p>
              {rest.length > 0 && (
                <details>
                  <summary>{rest.length} more like this</summary>
                  <ul>
                    {rest.map((message, index) => (
                      <li key={index}>{message}</li>
                    ))}
                  </ul>
                </details>
              )}
              <p className="problem-hint">{group.hint}</p>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
