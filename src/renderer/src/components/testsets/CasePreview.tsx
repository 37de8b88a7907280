import { useDeferredValue, useMemo, useState } from 'react';
import type { PreviewCase, ValidationResult } from '../../stores/testSets/validateText';

export const PREVIEW_PAGE_SIZE = 50;

function matches(c: PreviewCase, query: string): boolean {
  if (query === '') return true;
  const haystack = [c.id, c.prompt ?? '', ...(c.messages ?? []).map((m) => m.content), ...c.expected, ...c.tags, ...c.scorers]
    .join('\n')
    .toLowerCase();
  return haystack.includes(query);
}

/** The system prompt every case starts with, when they all share one (shown once above the table). */
export function sharedSystemPrompt(cases: readonly PreviewCase[]): string | null {
  const first = cases[0]?.messages?.[0];
  if (first?.role !== 'system') return null;
  return cases.every((c) => c.messages?.[0]?.role === 'system' && c.messages[0].content === first.content) ? first.content : null;
}

function Input({ c, skipSystem }: { c: PreviewCase; skipSystem: boolean }) {
  if (c.messages === null) return <pre className="preview-text">{c.prompt}</pre>;
  const messages = skipSystem ? c.messages.slice(1) : c.messages;
  return (
    <div className="preview-messages">
      {messages.map((m, i) => (
        <div key={i} className="preview-message" data-role={m.role}>
          <span className="preview-role">{m.role}</span>
          <pre className="preview-text">{m.content}</pre>
        </div>
      ))}
    </div>
  );
}

interface CasePreviewProps {
  /** The latest validation, and the latest one without errors (shown while the text has errors). */
  validation: ValidationResult | null;
  lastValid: ValidationResult | null;
  onJump: (line: number, column: number) => void;
}

/** Every case as the model will get it (`renderCase`), so template mistakes show before a run. */
export function CasePreview({ validation, lastValid, onJump }: CasePreviewProps) {
  const [query, setQuery] = useState('');
  const [page, setPage] = useState(0);
  const deferredQuery = useDeferredValue(query.trim().toLowerCase());
  const shown = validation?.cases != null ? validation : lastValid;
  const cases = shown?.cases ?? null;
  const filtered = useMemo(() => (cases === null ? [] : cases.filter((c) => matches(c, deferredQuery))), [cases, deferredQuery]);
  const pages = Math.max(1, Math.ceil(filtered.length / PREVIEW_PAGE_SIZE));
  const current = Math.min(page, pages - 1);
  const rows = filtered.slice(current * PREVIEW_PAGE_SIZE, (current + 1) * PREVIEW_PAGE_SIZE);
  const stale = shown !== null && shown !== validation;
  const overview = shown?.overview ?? null;
  const system = useMemo(() => (cases === null ? null : sharedSystemPrompt(cases)), [cases]);
  // One scorer set for every case is said once in the overview; a column would repeat it on each row.
  const sameScorers = useMemo(() => cases !== null && cases.every((c) => c.scorers.join('\n') === cases[0]?.scorers.join('\n')), [cases]);

  return (
    <section className="testset-preview" aria-labelledby="testset-preview-heading">
      <h2 id="testset-preview-heading">Preview</h2>
      {cases === null ? (
        <p className="muted">{validation === null ? 'Checking the test set…' : 'The preview appears once the test set has no errors.'}</p>
      ) : (
        <>
          {overview !== null && (
            <p className="preview-overview">
              {overview.caseCount.toLocaleString()} case{overview.caseCount === 1 ? '' : 's'} ·{' '}
              {overview.casesWithExpected.toLocaleString()} with expected answers
              {overview.scorers.length > 0 && (
                <> · scored by {overview.scorers.map((s) => `${s.type} (${s.count.toLocaleString()})`).join(', ')}</>
              )}
              {overview.unscoredCount > 0 && <> · {overview.unscoredCount.toLocaleString()} left to review by hand</>}
            </p>
          )}
          {system !== null && (
            <div className="preview-shared">
              <span className="preview-role">System prompt of every case</span>
              <pre className="preview-text">{system}</pre>
            </div>
          )}
          {stale && (
            <p className="preview-stale" role="note">
              Showing the last version without errors; fix the problems to update it.
            </p>
          )}
          <div className="preview-controls">
            <label>
              Filter cases{' '}
              <input
                type="search"
                value={query}
                onChange={(e) => {
                  setQuery(e.target.value);
                  setPage(0);
                }}
              />
            </label>
            <div className="preview-pager">
              <span className="muted" aria-live="polite">
                {filtered.length === 0
                  ? 'No case matches.'
                  : `Cases ${(current * PREVIEW_PAGE_SIZE + 1).toLocaleString()}–${(current * PREVIEW_PAGE_SIZE + rows.length).toLocaleString()} of ${filtered.length.toLocaleString()}`}
              </span>
              {pages > 1 && (
                <>
                  <button type="button" disabled={current === 0} onClick={() => setPage(current - 1)}>
                    Previous
                  </button>
                  <button type="button" disabled={current >= pages - 1} onClick={() => setPage(current + 1)}>
                    Next
                  </button>
                </>
              )}
            </div>
          </div>
          <div className="preview-scroll">
            <table aria-label="Rendered cases" className="preview-table">
              <thead>
                <tr>
                  <th scope="col">Case</th>
                  <th scope="col">What the model gets</th>
                  <th scope="col">Expected</th>
                  {!sameScorers && <th scope="col">Scorers</th>}
                </tr>
              </thead>
              <tbody>
                {rows.map((c) => (
                  <tr key={c.index}>
                    <td className="preview-case">
                      <button type="button" className="link-button" title={`Go to line ${c.line}`} onClick={() => onJump(c.line, 1)}>
                        {c.id}
                      </button>
                      {c.generatedId && <span className="muted preview-note">id made up from the content</span>}
                      {c.tags.length > 0 && <span className="preview-tags">{c.tags.join(' · ')}</span>}
                    </td>
                    <td>
                      <Input c={c} skipSystem={system !== null} />
                    </td>
                    <td>
                      {c.expected.length === 0 ? (
                        <span className="muted">—</span>
                      ) : (
                        c.expected.map((e, i) => (
                          <div key={i} className="preview-expected">
                            {e}
                          </div>
                        ))
                      )}
                    </td>
                    {!sameScorers && <td>{c.scorers.length === 0 ? <span className="muted">by hand</span> : c.scorers.join(', ')}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
