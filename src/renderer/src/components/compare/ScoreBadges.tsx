import type { CaseScore } from '../../../../shared/runs';

function mark(s: CaseScore): { symbol: string; state: string; text: string } {
  if (s.error !== null) return { symbol: '!', state: 'error', text: `${s.label}: could not run (${s.error})` };
  if (s.passed === true) return { symbol: '✓', state: 'pass', text: `${s.label}: passed` };
  if (s.passed === false) return { symbol: '✗', state: 'fail', text: `${s.label}: failed` };
  return { symbol: '·', state: 'none', text: `${s.label}: ${s.score === null ? 'no score' : s.score.toFixed(2)}` };
}

/** One small badge per scorer: passed, failed, or could not run. */
export function ScoreBadges({ scores }: { scores: readonly CaseScore[] }) {
  if (scores.length === 0) return null;
  return (
    <ul className="score-badges" aria-label="Scorers">
      {scores.map((s, i) => {
        const m = mark(s);
        return (
          <li key={`${i}-${s.label}`} className="score-badge" data-state={m.state} title={`${m.text}. ${s.explanation}`}>
            <span aria-hidden="true">{m.symbol}</span> {s.label}
            {s.score !== null && s.passed === null ? ` ${s.score.toFixed(2)}` : ''}
            <span className="visually-hidden">{` ${m.state === 'pass' ? 'passed' : m.state === 'fail' ? 'failed' : m.state === 'error' ? 'error' : ''}`}</span>
          </li>
        );
      })}
    </ul>
  );
}
