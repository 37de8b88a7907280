import type { ReviewVerdict } from '../../../../shared/api';
import type { Outcome } from './outcome';

const OUTCOME_TEXT: Record<Outcome, string> = {
  pass: 'Pass',
  fail: 'Fail',
  error: 'Error',
  'scoring-error': 'Scorer error',
  unscored: 'Not scored',
};

/** An outcome as a coloured word; a reviewed one says who decided. */
export function OutcomeBadge({ outcome, reviewed = false }: { outcome: Outcome; reviewed?: boolean }) {
  return (
    <span className="outcome-badge" data-outcome={outcome} title={reviewed ? 'Set by review' : 'From the scorers'}>
      {OUTCOME_TEXT[outcome]}
    </span>
  );
}

const VERDICT_TEXT: Record<ReviewVerdict, string> = { pass: 'Reviewed: pass', fail: 'Reviewed: fail', unsure: 'Reviewed: unsure' };

/** A person's verdict, shown beside the automatic one (both are kept). */
export function VerdictBadge({ verdict }: { verdict: ReviewVerdict | null }) {
  if (verdict === null) return null;
  return (
    <span className="verdict-badge" data-verdict={verdict}>
      {VERDICT_TEXT[verdict]}
    </span>
  );
}
