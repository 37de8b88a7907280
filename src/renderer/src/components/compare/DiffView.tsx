import './caseDetail.css';
import { textDiff } from './textDiff';

/** Expected answer and output side by side; below, what changes one into the other. */
export function DiffView({ expected, output }: { expected: string; output: string }) {
  const diff = expected === '' ? null : textDiff(expected, output);
  return (
    <div className="diff-view">
      <div className="diff-sides">
        <section aria-label="Expected">
          <h5>Expected</h5>
          <pre className="detail-text expected">{expected === '' ? '—' : expected}</pre>
        </section>
        <section aria-label="Output">
          <h5>Output</h5>
          <pre className="detail-text">{output === '' ? '(empty output)' : output}</pre>
        </section>
      </div>
      {diff !== null && diff.some((p) => p.kind !== 'same') && (
        <section aria-label="Differences">
          <h5>
            Differences <span className="muted">(struck out: only expected; underlined: only in the output)</span>
          </h5>
          <pre className="detail-text diff">
            {diff.map((part, i) =>
              part.kind === 'same' ? (
                <span key={i}>{part.text}</span>
              ) : part.kind === 'removed' ? (
                <del key={i}>{part.text}</del>
              ) : (
                <ins key={i}>{part.text}</ins>
              ),
            )}
          </pre>
        </section>
      )}
    </div>
  );
}
