import { useCallback, useEffect, useMemo, useState } from 'react';
import type { RunListItem } from '../../../../shared/api';
import { isVariant } from '../../../../shared/robustness/expandRobustness';
import { useCompareFilter, useCompareSort, useCompareStore } from '../../stores/compareStore';
import { useModelsStore } from '../../stores/modelsStore';
import { ErrorNotice } from '../ErrorNotice';
import { automaticTally, withLabels, withSummaryIntervals } from '../review/reviewedStats';
import { CaseDetail } from './CaseDetail';
import { applyLabels, buildCaseRows, sharedSystemPrompt, type CaseRow } from './caseRows';
import { ChartsPanel } from './ChartsPanel';
import { CompareGrid } from './CompareGrid';
import { CompareToolbar } from './CompareToolbar';
import { filterAndSort, tagsOf } from './filters';
import { RunPicker } from './RunPicker';
import { useOpenRun } from './useOpenRun';
import { comparableRuns, useOtherRunColumns } from './useOtherRunColumns';
import type { VariantScope } from '../../stores/compareView';
import { inScope, variantsByOriginal } from './variants';
import { runDisplayStatus } from '../../../../shared/runDisplayStatus';
import { ModelSelect } from '../ui/ModelSelect';

type Tab = 'grid' | 'charts';

const NO_ROWS: readonly CaseRow[] = [];
const SCOPE_NOUNS: Record<VariantScope, string> = { originals: 'cases', all: 'cases and variants', variants: 'variants' };

/** Compare one run: the case × model grid with filters and case details, or its charts. */
export function CompareView({ runs }: { runs: RunListItem[] }) {
  const run = useOpenRun(runs);
  const filter = useCompareFilter();
  const sort = useCompareSort();
  const baseline = useCompareStore((s) => s.baseline);
  const setBaseline = useCompareStore((s) => s.setBaseline);
  const reload = useCompareStore((s) => s.reload);
  const library = useModelsStore((s) => s.data);
  const loadLibrary = useModelsStore((s) => s.load);
  const [tab, setTab] = useState<Tab>('grid');
  const [open, setOpen] = useState<{ caseId: string; model: string | null } | null>(null);
  // Stable, so the grid's memoized rows do not all render again when the page does.
  const openCase = useCallback((caseId: string, model: string | null) => setOpen({ caseId, model }), []);

  useEffect(() => {
    void loadLibrary();
  }, [loadLibrary]);

  const { variantCount, originalResults } = run;
  // Another run's models as extra columns (same cases by id); statistics and charts stay this run's.
  const [otherRunId, setOtherRunId] = useState('');
  const candidates = useMemo(() => comparableRuns(runs, run.listItem), [runs, run.listItem]);
  const other = useOtherRunColumns(
    candidates.find((r) => r.id === otherRunId),
    run.models.length,
  );
  const models = useMemo(() => (other.columns.length === 0 ? run.models : [...run.models, ...other.columns]), [run.models, other.columns]);
  const rows = useMemo(
    () =>
      other.columns.length === 0 || run.detail === null
        ? run.rows
        : applyLabels(buildCaseRows(run.detail, [...(run.results ?? []), ...other.results], models), run.labels),
    [other.columns, other.results, run.detail, run.rows, run.results, run.labels, models],
  );
  const variants = useMemo(() => variantsByOriginal(rows), [rows]);
  // A scope kept from a run with variants means nothing in one without them.
  const scope: VariantScope = variantCount === 0 ? 'originals' : filter.variants;
  const scoped = useMemo(() => (variantCount === 0 ? rows : rows.filter((r) => inScope(r.testCase, scope))), [rows, variantCount, scope]);
  const shown = useMemo(() => filterAndSort(scoped, { ...filter, variants: scope }, sort, models), [scoped, filter, scope, sort, models]);
  const tags = useMemo(() => tagsOf(rows), [rows]);
  const sharedSystem = useMemo(() => sharedSystemPrompt(rows), [rows]);
  // The charts count the test set's own cases, as the run summary does; variants have the robustness table.
  const originalRows = useMemo(
    () => (variantCount === 0 ? run.rows : run.rows.filter((r) => !isVariant(r.testCase))),
    [run.rows, variantCount],
  );
  const tally = useMemo(() => automaticTally(originalResults, run.models), [originalResults, run.models]);
  const stats = useMemo(() => withSummaryIntervals(withLabels(tally, run.labels), run.summary), [tally, run.labels, run.summary]);
  const rowsById = useMemo(() => new Map(rows.map((r) => [r.testCase.id, r])), [rows]);
  const openRow = open === null ? undefined : rowsById.get(open.caseId);
  const noun = SCOPE_NOUNS[scope];

  return (
    <div className="compare-page">
      <div className="run-bar">
        <RunPicker runs={runs} />
        {run.models.length > 1 && (
          <label>
            Baseline
            <ModelSelect models={run.models} valueBy="label" value={baseline ?? run.summary?.baseline ?? ''} onChange={setBaseline} />
          </label>
        )}
        {candidates.length > 0 && (
          <label>
            Beside another run
            <select value={otherRunId} onChange={(e) => setOtherRunId(e.target.value)}>
              <option value="">none</option>
              {candidates.map((r) => (
                <option key={r.id} value={r.id}>
                  {`${r.name} · ${new Date(r.createdAt).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' })}`}
                </option>
              ))}
            </select>
          </label>
        )}
        {other.loading && <span className="muted">Loading the other run…</span>}
        <button type="button" onClick={reload}>
          Reload
        </button>
        {run.listItem !== undefined && run.listItem.status !== 'completed' && (
          <span className="muted">
            {runDisplayStatus(run.listItem)}: {run.listItem.done} of {run.listItem.total} results
          </span>
        )}
      </div>
      {run.error !== null && <ErrorNotice error={run.error} onRetry={reload} />}
      {other.error !== null && <ErrorNotice error={other.error} />}
      <div role="tablist" aria-label="Compare views" className="view-tabs">
        {(['grid', 'charts'] as const).map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            id={`compare-tab-${t}`}
            aria-selected={tab === t}
            aria-controls={`compare-panel-${t}`}
            onClick={() => setTab(t)}
          >
            {t === 'grid' ? 'Cases' : 'Charts'}
          </button>
        ))}
      </div>
      {run.loading ? (
        <p aria-live="polite">Loading the run…</p>
      ) : tab === 'grid' ? (
        <div role="tabpanel" id="compare-panel-grid" aria-labelledby="compare-tab-grid">
          <CompareToolbar models={models} tags={tags} variantCount={variantCount} />
          <p className="result-count" role="status">
            {shown.length === scoped.length
              ? `${scoped.length.toLocaleString('en-US')} ${noun}`
              : `Showing ${shown.length.toLocaleString('en-US')} of ${scoped.length.toLocaleString('en-US')} ${noun}`}
          </p>
          {sharedSystem !== null && (
            <p className="shared-system" title={sharedSystem}>
              <span className="muted">System prompt of every case: </span>
              {sharedSystem}
            </p>
          )}
          <CompareGrid rows={shown} sharedSystem={sharedSystem} models={models} onOpen={openCase} />
        </div>
      ) : (
        <div role="tabpanel" id="compare-panel-charts" aria-labelledby="compare-tab-charts">
          <ChartsPanel
            models={run.models}
            rows={originalRows}
            results={originalResults}
            summary={run.summary}
            telemetry={run.telemetry}
            stats={stats}
            library={library ?? []}
          />
        </div>
      )}
      {openRow !== undefined && open !== null && (
        <CaseDetail
          row={openRow}
          models={models}
          focusModel={open.model}
          original={openRow.testCase.variantOf === undefined ? undefined : rowsById.get(openRow.testCase.variantOf)}
          variants={variants.get(openRow.testCase.id) ?? NO_ROWS}
          onOpenCase={(caseId) => setOpen({ caseId, model: open.model })}
          onClose={() => setOpen(null)}
        />
      )}
    </div>
  );
}
