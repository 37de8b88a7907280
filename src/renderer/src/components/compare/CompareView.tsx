import { useCallback, useEffect, useMemo, useState } from 'react';
import type { RunListItem } from '../../../../shared/api';
import { useCompareFilter, useCompareSort, useCompareStore } from '../../stores/compareStore';
import { useModelsStore } from '../../stores/modelsStore';
import { ErrorNotice } from '../ErrorNotice';
import { automaticTally, withLabels } from '../review/reviewedStats';
import { CaseDetail } from './CaseDetail';
import { ChartsPanel } from './ChartsPanel';
import { CompareGrid } from './CompareGrid';
import { CompareToolbar } from './CompareToolbar';
import { filterAndSort, tagsOf } from './filters';
import { RunPicker } from './RunPicker';
import { useOpenRun } from './useOpenRun';

type Tab = 'grid' | 'charts';

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

  const { rows, models } = run;
  const shown = useMemo(() => filterAndSort(rows, filter, sort, models), [rows, filter, sort, models]);
  const tags = useMemo(() => tagsOf(rows), [rows]);
  const tally = useMemo(() => automaticTally(run.results ?? [], models), [run.results, models]);
  const stats = useMemo(() => withLabels(tally, run.labels), [tally, run.labels]);
  const openRow = open === null ? undefined : rows.find((r) => r.testCase.id === open.caseId);

  return (
    <div className="compare-page">
      <div className="run-bar">
        <RunPicker runs={runs} />
        {models.length > 1 && (
          <label>
            Baseline
            <select value={baseline ?? run.summary?.baseline ?? ''} onChange={(e) => setBaseline(e.target.value)}>
              {models.map((m) => (
                <option key={m.key} value={m.label}>
                  {m.label}
                </option>
              ))}
            </select>
          </label>
        )}
        <button type="button" onClick={reload}>
          Reload
        </button>
        {run.listItem !== undefined && run.listItem.status !== 'completed' && (
          <span className="muted">
            {run.listItem.status}: {run.listItem.done} of {run.listItem.total} results
          </span>
        )}
      </div>
      {run.error !== null && <ErrorNotice error={run.error} onRetry={reload} />}
      <div role="tablist" aria-label="Compare views" className="view-tabs">
        {(['grid', 'charts'] as const).map((t) => (
          <button key={t} type="button" role="tab" id={`compare-tab-${t}`} aria-selected={tab === t} aria-controls={`compare-panel-${t}`} onClick={() => setTab(t)}>
            {t === 'grid' ? 'Cases' : 'Charts'}
          </button>
        ))}
      </div>
      {run.loading ? (
        <p aria-live="polite">Loading the run…</p>
      ) : tab === 'grid' ? (
        <div role="tabpanel" id="compare-panel-grid" aria-labelledby="compare-tab-grid">
          <CompareToolbar models={models} tags={tags} />
          <p className="result-count" role="status">
            {shown.length === rows.length ? `${rows.length.toLocaleString('en-US')} cases` : `Showing ${shown.length.toLocaleString('en-US')} of ${rows.length.toLocaleString('en-US')} cases`}
          </p>
          <CompareGrid rows={shown} models={models} onOpen={openCase} />
        </div>
      ) : (
        <div role="tabpanel" id="compare-panel-charts" aria-labelledby="compare-tab-charts">
          <ChartsPanel models={models} rows={rows} results={run.results ?? []} summary={run.summary} telemetry={run.telemetry} stats={stats} library={library ?? []} />
        </div>
      )}
      {openRow !== undefined && open !== null && <CaseDetail row={openRow} models={models} focusModel={open.model} onClose={() => setOpen(null)} />}
    </div>
  );
}
