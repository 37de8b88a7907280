import type { ConnectionState } from '../../../shared/bridge';
import { connectionProblem } from '../api/connectionMessages';

/** A banner across every page while the host cannot be reached, saying why and what to do. */
export function ConnectionBanner({ state }: { state: ConnectionState }) {
  // A page opened without a token already says so where its data would be, in its own notice.
  const problem = state === 'no-token' ? null : connectionProblem(state);
  if (problem === null) return null;
  return (
    <div className="connection-banner" role="alert" aria-label="Connection to the host">
      <p>
        <strong>{problem.message}</strong>
      </p>
      <p className="hint">{problem.hint}</p>
      {state === 'lost' ? <p className="hint">Actions that need the host are disabled until it is back.</p> : null}
    </div>
  );
}
