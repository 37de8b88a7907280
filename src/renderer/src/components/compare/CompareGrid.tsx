import { memo, useMemo, useRef } from 'react';
import type { CaseCell, CaseRow } from './caseRows';
import { promptText } from './caseRows';
import { expectedAnswers } from '../../../../shared/loglikelihood';
import { FAILURE_CATEGORY_LABELS } from '../../../../shared/failureCategory';
import { OutcomeBadge, VerdictBadge } from './OutcomeBadge';
import { ScoreBadges } from './ScoreBadges';
import { timingText } from './timing';
import type { ModelColumn } from '../../stores/compareTypes';
import { ColumnResizer } from './ColumnResizer';
import { gridColumns, gridWidth, MIN_COLUMN_WIDTH, useColumnWidths, useInnerWidth } from './useColumnWidths';
import { useWindow } from './useWindow';
import { variantName } from './variants';
import './compare.css';

/** Every row is this tall, so the visible window is a plain division. */
export const ROW_HEIGHT = 156;
const HEADER_HEIGHT = 44;

interface CompareGridProps {
  rows: readonly CaseRow[];
  /** The system prompt every case shares (shown once above the grid), left out of each row. */
  sharedSystem: string | null;
  models: readonly ModelColumn[];
  onOpen: (caseId: string, modelKey: string | null) => void;
}

function Cell({ cell, onOpen }: { cell: CaseCell | null; onOpen: () => void }) {
  if (cell === null) {
    return (
      <div role="cell" className="grid-cell pending">
        <span className="muted">not run yet</span>
      </div>
    );
  }
  const first = cell.results[0];
  const reps = cell.results.length;
  return (
    <div role="cell" className="grid-cell" data-outcome={cell.outcome} onClick={onOpen}>
      <div className="cell-badges">
        <OutcomeBadge outcome={cell.outcome} reviewed={cell.outcome !== cell.automatic} />
        {cell.outcome !== cell.automatic && <span className="auto-note">auto: {cell.automatic}</span>}
        <VerdictBadge verdict={cell.verdict} />
        {reps > 1 && <span className="muted">{`${cell.passed}/${reps} passed`}</span>}
        {cell.categories.slice(0, 2).map((c) => (
          <span key={c} className="category-chip">
            {FAILURE_CATEGORY_LABELS[c]}
          </span>
        ))}
        {cell.categories.length > 2 && (
          <span
            className="category-chip"
            title={cell.categories
              .slice(2)
              .map((c) => FAILURE_CATEGORY_LABELS[c])
              .join(', ')}
          >
            +{cell.categories.length - 2}
          </span>
        )}
      </div>
      {first !== undefined && <ScoreBadges scores={first.scores} />}
      <p className="cell-output" data-empty={first?.output === ''}>
        {first?.error != null
          ? `${first.error.kind}: ${first.error.message}`
          : first?.output === ''
            ? '(empty output)'
            : (first?.output ?? '')}
      </p>
      <div className="cell-foot">{first === undefined ? '' : timingText(first)}</div>
    </div>
  );
}

interface GridRowProps {
  row: CaseRow;
  index: number;
  models: readonly ModelColumn[];
  columns: string;
  sharedSystem: string | null;
  onOpen: (caseId: string, modelKey: string | null) => void;
}

/** One case's row; memoized, so when the window moves only the rows coming into it render. */
const GridRow = memo(function GridRow({ row, index, models, columns, sharedSystem, onOpen }: GridRowProps) {
  const expected = expectedAnswers(row.testCase).join(' | ');
  const choices = row.testCase.loglikelihood?.choices.length;
  const variant = variantName(row.testCase);
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      className="grid-row"
      style={{ gridTemplateColumns: columns, height: ROW_HEIGHT, transform: `translateY(${index * ROW_HEIGHT}px)` }}
    >
      <div role="rowheader" className="grid-case">
        <button
          type="button"
          className="case-link"
          onClick={() => onOpen(row.testCase.id, null)}
          aria-label={`Open case ${row.testCase.id}`}
        >
          {row.testCase.id}
        </button>
        {(variant !== null || row.testCase.tags.length > 0) && (
          <span className="case-meta" data-variant={variant !== null}>
            {variant !== null && <span className="variant-badge">{variant}</span>}
            {row.testCase.tags.length > 0 && <span className="case-tags">{row.testCase.tags.join(', ')}</span>}
          </span>
        )}
        <p className="case-prompt">{promptText(row.testCase, sharedSystem)}</p>
        <p className="case-expected">
          <span className="muted">{choices === undefined ? 'Expected: ' : `Right choice (of ${choices}): `}</span>
          {expected === '' ? '—' : expected}
        </p>
      </div>
      {row.cells.map((cell, i) => (
        <Cell key={models[i]?.key ?? i} cell={cell} onOpen={() => onOpen(row.testCase.id, models[i]?.key ?? null)} />
      ))}
    </div>
  );
});

/**
 * Cases as rows and models as columns, windowed: only the rows in view exist in the page, so a
 * run of 10,000 cases by 8 models scrolls smoothly. The header and the case column stay put.
 */
export function CompareGrid({ rows, sharedSystem, models, onOpen }: CompareGridProps) {
  const viewport = useRef<HTMLDivElement>(null);
  const win = useWindow(viewport, rows.length, ROW_HEIGHT, HEADER_HEIGHT);
  // The columns fit the grid's width unless the user resized them.
  const { widths, setWidth } = useColumnWidths(models.length, useInnerWidth(viewport));
  const columns = gridColumns(widths);
  const width = gridWidth(widths);
  // Counted once per set of rows, not on every scroll.
  const totals = useMemo(
    () =>
      models.map((_, i) => {
        let passed = 0;
        let counted = 0;
        for (const row of rows) {
          const cell = row.cells[i];
          if (cell == null) continue;
          passed += cell.passed;
          counted += cell.counted;
        }
        return { passed, counted };
      }),
    [rows, models],
  );
  return (
    <div
      ref={viewport}
      className="compare-grid"
      role="table"
      aria-label="Cases by model"
      aria-rowcount={rows.length + 1}
      aria-colcount={models.length + 1}
      onScroll={win.onScroll}
    >
      <div role="rowgroup" className="grid-head" style={{ width }}>
        <div role="row" aria-rowindex={1} className="grid-row" style={{ gridTemplateColumns: columns, height: HEADER_HEIGHT }}>
          <div role="columnheader" className="grid-case head">
            Case · expected
            <ColumnResizer label="Case" width={widths.caseWidth} onResize={(w) => setWidth(-1, w)} />
          </div>
          {models.map((m, i) => (
            <div key={m.key} role="columnheader" className="grid-model-head">
              <span className="model-swatch" data-index={i % 8} aria-hidden="true" />
              <span className="grid-model-name">{m.label}</span>
              <span className="muted">{`${(totals[i]?.passed ?? 0).toLocaleString('en-US')}/${(totals[i]?.counted ?? 0).toLocaleString('en-US')} pass`}</span>
              <ColumnResizer label={m.label} width={widths.modelWidths[i] ?? MIN_COLUMN_WIDTH} onResize={(w) => setWidth(i, w)} />
            </div>
          ))}
        </div>
      </div>
      <div role="rowgroup" className="grid-body" style={{ height: win.totalHeight, width }}>
        {rows.slice(win.start, win.end).map((row, offset) => (
          <GridRow
            key={row.testCase.id}
            row={row}
            index={win.start + offset}
            models={models}
            columns={columns}
            sharedSystem={sharedSystem}
            onOpen={onOpen}
          />
        ))}
      </div>
    </div>
  );
}
