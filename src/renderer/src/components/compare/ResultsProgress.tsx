import { useResultsProgress } from '../../stores/compareStore';

/** While a big run's results still arrive page by page, how many of its cases are in; nothing once all are. */
export function ResultsProgress() {
  const progress = useResultsProgress();
  if (progress === null) return null;
  const { cases, total } = progress;
  return (
    <p role="status" className="muted">
      <progress value={cases} max={total} aria-label="Results loaded" /> Loading results: {cases.toLocaleString('en-US')} of{' '}
      {total.toLocaleString('en-US')} cases. Filters and counts cover the cases loaded so far.
    </p>
  );
}
