import { useImperativeHandle, useRef, useState, type KeyboardEvent, type Ref } from 'react';
import type { ReviewLabel, ReviewVerdict } from '../../../../shared/api';
import { promptText, type CaseRow } from '../compare/caseRows';
import { DiffView } from '../compare/DiffView';
import { FAILURE_CATEGORY_LABELS, failureCategories } from '../../../../shared/failureCategory';
import { OutcomeBadge } from '../compare/OutcomeBadge';
import { automaticOutcome } from '../compare/outcome';
import { ScorerTable } from '../compare/ScorerTable';
import { timingText } from '../compare/timing';
import type { ModelColumn } from '../../stores/compareTypes';
import type { LabelFields } from '../../stores/reviewStore';
import { variantName } from '../compare/variants';
import { QUEUE_REASON_LABELS, type QueueItem } from './reviewQueue';
import { expectedAnswers } from '../../../../shared/loglikelihood';

/** Lets the page's keyboard shortcuts put the cursor in the note or tags field. */
export interface ReviewItemHandle {
  focusNote: () => void;
  focusTags: () => void;
}

interface ReviewItemProps {
  item: QueueItem;
  /** The item's case with review labels applied (the queue's copy has the scorers' outcomes only). */
  row: CaseRow;
  models: readonly ModelColumn[];
  label: ReviewLabel | undefined;
  onChange: (patch: Partial<LabelFields>) => void;
  /** Gives the keys back to the page (after Escape in a field). */
  onDone: () => void;
  ref?: Ref<ReviewItemHandle>;
}

const VERDICTS: readonly { verdict: ReviewVerdict; text: string; key: string }[] = [
  { verdict: 'pass', text: 'Pass', key: 'p' },
  { verdict: 'fail', text: 'Fail', key: 'f' },
  { verdict: 'unsure', text: 'Unsure', key: 'u' },
];

function parseTags(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map((t) => t.trim())
        .filter((t) => t.length > 0),
    ),
  ];
}

/** One result under review: what was asked and expected, the answer, why it is here, and the reviewer's verdict, note and tags. */
export function ReviewItem({ item, row, models, label, onChange, onDone, ref }: ReviewItemProps) {
  const note = useRef<HTMLTextAreaElement>(null);
  const tags = useRef<HTMLInputElement>(null);
  const [noteDraft, setNoteDraft] = useState(label?.note ?? '');
  const [tagsDraft, setTagsDraft] = useState(label?.tags.join(', ') ?? '');
  useImperativeHandle(ref, () => ({ focusNote: () => note.current?.focus(), focusTags: () => tags.current?.focus() }), []);

  const { result } = item;
  const model = models[item.modelIndex];
  const saveNote = (): void => {
    if (noteDraft.trim() !== (label?.note ?? '')) onChange({ note: noteDraft });
  };
  const saveTags = (): void => {
    const next = parseTags(tagsDraft);
    if (next.join(',') !== (label?.tags ?? []).join(',')) onChange({ tags: next });
  };
  const leave = (save: () => void) => (e: KeyboardEvent<HTMLElement>) => {
    if (e.key === 'Escape' || (e.key === 'Enter' && (e.ctrlKey || e.metaKey || e.currentTarget instanceof HTMLInputElement))) {
      e.preventDefault();
      save();
      onDone();
    }
  };
  const expected = expectedAnswers(row.testCase);
  const categories = failureCategories(result, expected);
  const others = row.cells.flatMap((cell, i) => (i === item.modelIndex || cell === null ? [] : [{ cell, model: models[i], index: i }]));

  return (
    <article className="review-item" aria-label={`Case ${result.caseId}, ${model?.label ?? result.modelKey}`}>
      <header className="review-item-head">
        <h2>
          {result.caseId} <span className="muted">·</span> {model?.label}
          {result.repetition > 0 && <span className="muted"> · repetition {result.repetition + 1}</span>}
        </h2>
        <OutcomeBadge outcome={automaticOutcome(result)} />
        {item.original !== undefined && <span className="reason-chip">{variantName(row.testCase)}</span>}
        {item.reasons
          .filter((r) => r !== 'failed')
          .map((r) => (
            <span key={r} className="reason-chip">
              {QUEUE_REASON_LABELS[r]}
            </span>
          ))}
        {categories.map((c) => (
          <span key={c} className="category-chip">
            {FAILURE_CATEGORY_LABELS[c]}
          </span>
        ))}
      </header>
      <div className="review-verdict" role="group" aria-label="Verdict">
        {VERDICTS.map((v) => (
          <button
            key={v.verdict}
            type="button"
            className="verdict-button"
            data-verdict={v.verdict}
            aria-pressed={label?.verdict === v.verdict}
            aria-keyshortcuts={v.key}
            onClick={() => onChange({ verdict: label?.verdict === v.verdict ? null : v.verdict })}
          >
            {v.text} <kbd>{v.key}</kbd>
          </button>
        ))}
      </div>
      <div className="review-fields">
        <label>
          <span>
            Note <kbd>n</kbd>
          </span>
          <textarea
            ref={note}
            rows={2}
            value={noteDraft}
            aria-keyshortcuts="n"
            onChange={(e) => setNoteDraft(e.target.value)}
            onBlur={saveNote}
            onKeyDown={leave(saveNote)}
          />
        </label>
        <label>
          <span>
            Tags <kbd>t</kbd>
          </span>
          <input
            ref={tags}
            type="text"
            value={tagsDraft}
            placeholder="hallucination, format…"
            aria-keyshortcuts="t"
            onChange={(e) => setTagsDraft(e.target.value)}
            onBlur={saveTags}
            onKeyDown={leave(saveTags)}
          />
        </label>
      </div>
      <section aria-label="Prompt" className="review-prompt">
        <h3>Prompt</h3>
        <pre className="detail-text">{promptText(row.testCase)}</pre>
      </section>
      {result.error !== null ? (
        <div className="run-error" role="group" aria-label="Harness error">
          <p>
            <strong>{result.error.kind}</strong>: {result.error.message}
          </p>
          {result.error.logs.length > 0 && <pre className="detail-text log">{result.error.logs.join('\n')}</pre>}
        </div>
      ) : (
        <DiffView expected={expected.join('\n')} output={result.output ?? ''} />
      )}
      {item.original !== undefined && (
        <section aria-label="Answer to the original" className="original-answer">
          <h3>
            {model?.label} on the original, {item.original.row.testCase.id}{' '}
            <OutcomeBadge outcome={automaticOutcome(item.original.result)} />
          </h3>
          <pre className="detail-text">{item.original.result.output ?? ''}</pre>
        </section>
      )}
      <p className="review-timing">{timingText(result)}</p>
      <ScorerTable scores={result.scores} />
      {others.length > 0 && (
        <section aria-label="Other models" className="other-models">
          <h3>Other models on this case</h3>
          <ul>
            {others.map(({ cell, model: m, index }) => (
              <li key={m?.key ?? index}>
                <span className="model-swatch" data-index={index % 8} aria-hidden="true" /> <strong>{m?.label}</strong>{' '}
                <OutcomeBadge outcome={cell.outcome} />
                <pre className="detail-text">{cell.results[0]?.output ?? cell.results[0]?.error?.message ?? ''}</pre>
              </li>
            ))}
          </ul>
        </section>
      )}
    </article>
  );
}
