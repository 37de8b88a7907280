import type { ApiError } from '../../../shared/result';

/** An API error as the user reads it: message, then the hint. */
export function ErrorNotice({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  return (
    <div role="alert" className="error-notice">
      <p>{error.message}</p>
      {error.hint !== undefined && <p className="hint">{error.hint}</p>}
      {onRetry !== undefined && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
