import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { useSettings } from '../../stores/appStore';
import { useEffectiveTheme } from '../useEffectiveTheme';
import type { CaseRow } from './caseRows';
import { expectedAnswers } from '../../../../shared/loglikelihood';
import { ChoiceTable } from './ChoiceTable';
import { FAILURE_CATEGORY_LABELS } from '../../../../shared/failureCategory';
import { OutcomeBadge, VerdictBadge } from './OutcomeBadge';
import { automaticOutcome } from './outcome';
import { ResultFacts } from './ResultFacts';
import { ScorerTable } from './ScorerTable';
import type { ModelColumn } from '../../stores/compareTypes';
import { useReviewLabels } from '../../stores/reviewStore';
import { resultKeyOf } from '../../stores/compareTypes';
import { VariantList } from './VariantList';
import { variantName } from './variants';
import './caseDetail.css';

// Monaco is a few megabytes: Compare loads it when a case is first opened, not with the grid.
const CaseDiff = lazy(() => import('./CaseDiff'));

interface CaseDetailProps {
  row: CaseRow;
  models: readonly ModelColumn[];
  /** The model whose answer to show first. */
  focusModel: string | null;
  /** For a robustness variant, the case it was made from. */
  original: CaseRow | undefined;
  /** For an original case, its robustness variants. */
  variants: readonly CaseRow[];
  /** Shows another case (an original or a variant) in place of this one. */
  onOpenCase: (caseId: string) => void;
  onClose: () => void;
}

function Prompt({ row }: { row: CaseRow }) {
  const input = row.testCase.input;
  if (input.kind === 'completion') return <pre className="detail-text">{input.prompt}</pre>;
  return (
    <ol className="chat-messages">
      {input.messages.map((m, i) => (
        <li key={i} data-role={m.role}>
          <span className="chat-role">{m.role}</span>
          <pre className="detail-text">{m.content}</pre>
        </li>
      ))}
    </ol>
  );
}

function ModelAnswer({ row, model, index }: { row: CaseRow; model: ModelColumn; index: number }) {
  const cell = row.cells[index] ?? null;
  const [repetition, setRepetition] = useState(0);
  const labels = useReviewLabels();
  const result = cell?.results[Math.min(repetition, (cell.results.length || 1) - 1)];
  const label = result === undefined ? undefined : labels.get(resultKeyOf(result));
  return (
    <section className="model-answer" aria-label={model.label} data-model={model.key}>
      <header className="model-answer-head">
        <span className="model-swatch" data-index={index % 8} aria-hidden="true" />
        <h4>{model.label}</h4>
        {cell !== null && result !== undefined && (
          <>
            <OutcomeBadge outcome={automaticOutcome(result)} />
            <VerdictBadge verdict={label?.verdict ?? null} />
            {cell.categories.map((c) => (
              <span key={c} className="category-chip">
                {FAILURE_CATEGORY_LABELS[c]}
              </span>
            ))}
          </>
        )}
        {cell !== null && cell.results.length > 1 && (
          <label className="repetition-pick">
            Repetition{' '}
            <select value={repetition} onChange={(e) => setRepetition(Number(e.target.value))}>
              {cell.results.map((r, i) => (
                <option key={r.repetition} value={i}>
                  {r.repetition + 1} (seed {r.seed})
                </option>
              ))}
            </select>
          </label>
        )}
      </header>
      {result === undefined ? (
        <p className="muted">Not run yet.</p>
      ) : (
        <>
          {result.error !== null ? (
            <div className="run-error" role="group" aria-label="Harness error">
              <p>
                <strong>{result.error.kind}</strong>: {result.error.message}
              </p>
              {result.error.logs.length > 0 && (
                <details open>
                  <summary>Worker log ({result.error.logs.length} lines)</summary>
                  <pre className="detail-text log">{result.error.logs.join('\n')}</pre>
                </details>
              )}
            </div>
          ) : (
            <section aria-label="Output">
              <h5>Output</h5>
              <pre className="detail-text">{result.output === null || result.output === '' ? '(empty output)' : result.output}</pre>
            </section>
          )}
          {label !== undefined && (label.note !== '' || label.tags.length > 0) && (
            <p className="review-note">
              <strong>Review note:</strong> {label.note} {label.tags.length > 0 && <span className="muted">[{label.tags.join(', ')}]</span>}
            </p>
          )}
          <div className="answer-columns">
            <ScorerTable scores={result.scores} />
            <ResultFacts result={result} />
          </div>
        </>
      )}
    </section>
  );
}

/** One case in full: the prompt and expected answers, a diff of the outputs, then every model's output, scorers, timings and any worker log. */
export function CaseDetail({ row, models, focusModel, original, variants, onOpenCase, onClose }: CaseDetailProps) {
  const theme = useEffectiveTheme(useSettings().data?.theme ?? 'system');
  const expected = expectedAnswers(row.testCase);
  const close = useRef<HTMLButtonElement>(null);
  const body = useRef<HTMLDivElement>(null);
  const caseId = useRef(row.testCase.id);
  // Closing gives focus back to what opened the dialog, or to the shown case's row when that was
  // a grid cell (not focusable) or has gone; never to the page's body.
  useEffect(() => {
    const opener =
      document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
    return () => {
      const target =
        opener?.isConnected === true
          ? opener
          : document.querySelector<HTMLElement>(`button[aria-label="Open case ${CSS.escape(caseId.current)}"]`);
      target?.focus();
    };
  }, []);
  useEffect(() => {
    caseId.current = row.testCase.id;
    close.current?.focus();
    if (focusModel !== null) body.current?.querySelector(`[data-model="${CSS.escape(focusModel)}"]`)?.scrollIntoView({ block: 'start' });
  }, [focusModel, row]);
  const headingId = `case-detail-${row.index}`;
  const variant = variantName(row.testCase);
  return (
    <div className="case-detail-backdrop" onClick={onClose}>
      <div
        className="case-detail"
        role="dialog"
        aria-modal="true"
        aria-labelledby={headingId}
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          if (e.key === 'Escape') onClose();
        }}
      >
        <header className="details-head">
          <h2 id={headingId}>Case {row.testCase.id}</h2>
          {variant !== null && <span className="variant-badge">{variant}</span>}
          {row.testCase.tags.length > 0 && <span className="case-tags">{row.testCase.tags.join(', ')}</span>}
          {original !== undefined && (
            <button type="button" className="header-link" onClick={() => onOpenCase(original.testCase.id)}>
              Open the original, {original.testCase.id}
            </button>
          )}
          {variants.length > 0 && (
            <button
              type="button"
              className="header-link"
              onClick={() => body.current?.querySelector('.variant-list')?.scrollIntoView({ block: 'start' })}
            >
              {`Its ${variants.length} ${variants.length === 1 ? 'variant' : 'variants'}`}
            </button>
          )}
          <button ref={close} type="button" className="close-button" aria-label="Close case details" onClick={onClose}>
            ×
          </button>
        </header>
        <div className="case-detail-body" ref={body}>
          <div className="prompt-expected">
            <section aria-label="Prompt">
              <h3>Prompt</h3>
              <Prompt row={row} />
            </section>
            <section aria-label="Expected answers">
              <h3>Expected</h3>
              {expected.length === 0 ? (
                <p className="muted">No expected answer.</p>
              ) : (
                <ul className="expected-list">
                  {expected.map((e, i) => (
                    <li key={i}>
                      <pre className="detail-text expected">{e}</pre>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          </div>
          <ChoiceTable row={row} models={models} />
          <Suspense fallback={<p className="muted">Loading the diff…</p>}>
            <CaseDiff key={row.testCase.id} row={row} models={models} focusModel={focusModel} theme={theme} />
          </Suspense>
          {models.map((m, i) => (
            <ModelAnswer key={m.key} row={row} model={m} index={i} />
          ))}
          {variants.length > 0 && <VariantList row={row} variants={variants} models={models} onOpenCase={onOpenCase} />}
        </div>
      </div>
    </div>
  );
}
