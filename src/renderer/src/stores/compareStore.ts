import { create } from 'zustand';
import type { ApiResult } from '../../../shared/result';
import type { RunSummary } from '../../../shared/runSummary';
import { getClient } from '../api/client';
import { DEFAULT_SORT, NO_FILTER, type CompareFilter, type CompareSort } from './compareView';
import type { RunDetail, RunTelemetry, ScoredResult } from './compareTypes';
import { idle, settle, type Resource } from './resource';

interface Parts {
  detail: RunDetail;
  results: ScoredResult[];
  summary: RunSummary;
  telemetry: RunTelemetry;
}

/** While the open run runs, its results are fetched again at most this often. */
const LIVE_RELOAD_MS = 3000;
/**
 * Results arrive a page of whole cases at a time: a small first page so the first screen of a big
 * run shows at once, then pages twice as big up to the cap, so the grid is rebuilt only a few
 * times and neither main nor the page blocks for long on one page (≈0.15 s for 1,000 cases × 8
 * models; the grid builds only the new cases' rows, see `caseRowsBuilder`).
 */
const FIRST_PAGE_CASES = 100;
const MAX_PAGE_CASES = 1000;
/** After review labels change, the summary is asked for again once they have been quiet this long. */
const REVIEW_SUMMARY_DELAY_MS = 800;

/** The run open in Compare and Review, everything loaded about it, and how the grid is filtered. */
interface CompareState {
  runId: string | null;
  /** The model label the summary compares the others against; null is the run's first model. */
  baseline: string | null;
  detail: Resource<RunDetail>;
  /** While a run's first load is under way, the results of its cases loaded so far (status `loading`). */
  results: Resource<ScoredResult[]>;
  /** Cases whose results have arrived, of all the run's cases, while the results still load; null once complete. */
  resultsProgress: { cases: number; total: number } | null;
  summary: Resource<RunSummary>;
  /**
   * Whether anything on screen shows the summary. Main computes it with bootstrap intervals,
   * which takes long on a big run, so it is asked for only once a chart needs it.
   */
  summaryWanted: boolean;
  telemetry: Resource<RunTelemetry>;
  /** View state: kept while the app runs, so leaving Compare and coming back keeps the filters. */
  filter: CompareFilter;
  sort: CompareSort;
  /** Asks for the open run's summary (and keeps it fresh from then on). */
  wantSummary: () => void;
  /** Opens a run: loads its cases, results and telemetry (a stale answer for another run is dropped). */
  select: (runId: string | null) => void;
  /** Loads the open run again (its results may have grown). */
  reload: () => void;
  setBaseline: (label: string | null) => void;
  setFilter: (patch: Partial<CompareFilter>) => void;
  clearFilter: () => void;
  setSort: (sort: CompareSort) => void;
  /** Reloads the open run when main says runs changed (one finished, say), until stopped. */
  start: () => () => void;
}

function initial() {
  return {
    runId: null,
    baseline: null,
    detail: idle<RunDetail>(),
    results: idle<ScoredResult[]>(),
    resultsProgress: null,
    summary: idle<RunSummary>(),
    summaryWanted: false,
    telemetry: idle<RunTelemetry>(),
    filter: NO_FILTER,
    sort: DEFAULT_SORT,
  };
}

export const useCompareStore = create<CompareState>()((set, get) => {
  /** Loads one part for the open run, unless the user opened another meanwhile; shown data stays until the answer. */
  const loadPart = <K extends keyof Parts>(part: K, runId: string, request: () => Promise<ApiResult<Parts[K]>>): void => {
    const current = get()[part] as Resource<Parts[K]>;
    set({ [part]: { ...current, status: 'loading' } } as Partial<CompareState>);
    void request().then((result) => {
      if (get().runId !== runId) return;
      set({ [part]: settle(get()[part] as Resource<Parts[K]>, result) } as Partial<CompareState>);
    });
  };

  let resultsLoad = 0;
  /**
   * Loads every result page by page. The first load of a run shows each page as it lands; a reload
   * keeps showing the results it had and swaps in the new set once complete. A newer load or
   * another run drops this one.
   */
  const loadResults = (runId: string): void => {
    const load = ++resultsLoad;
    const client = getClient();
    const progressive = get().results.data === null;
    set({ results: { ...get().results, status: 'loading' } });
    let collected: ScoredResult[] = [];
    const next = (offset: number, limit: number): void => {
      void client.call('runs.resultsPage', { runId, offset, limit }).then((page) => {
        if (get().runId !== runId || load !== resultsLoad) return;
        if (!page.ok) {
          set({ results: settle(get().results, page), resultsProgress: null });
          return;
        }
        collected = collected.concat(page.value.results);
        const { nextOffset, caseCount } = page.value;
        if (nextOffset === null) {
          set({ results: { data: collected, status: 'ready', error: null }, resultsProgress: null });
          return;
        }
        if (progressive)
          set({ results: { data: collected, status: 'loading', error: null }, resultsProgress: { cases: nextOffset, total: caseCount } });
        next(nextOffset, Math.min(limit * 2, MAX_PAGE_CASES));
      });
    };
    next(0, FIRST_PAGE_CASES);
  };

  const loadSummary = (runId: string): void => {
    if (!get().summaryWanted) return;
    const baseline = get().baseline;
    loadPart('summary', runId, () => getClient().call('runs.summary', baseline === null ? { runId } : { runId, baseline }));
  };

  const loadAll = (runId: string): void => {
    const client = getClient();
    loadPart('detail', runId, () => client.call('runs.get', { runId }));
    loadResults(runId);
    loadPart('telemetry', runId, () => client.call('runs.telemetry', { runId }));
    loadSummary(runId);
  };

  return {
    ...initial(),

    wantSummary() {
      if (get().summaryWanted) return;
      set({ summaryWanted: true });
      const runId = get().runId;
      if (runId !== null) loadSummary(runId);
    },

    select(runId) {
      if (runId === get().runId) return;
      set({ ...initial(), filter: get().filter, sort: { ...get().sort, model: null }, runId });
      if (runId !== null) loadAll(runId);
    },

    reload() {
      const runId = get().runId;
      if (runId !== null) loadAll(runId);
    },

    setBaseline(label) {
      set({ baseline: label });
      const runId = get().runId;
      if (runId !== null) loadSummary(runId);
    },

    setFilter(patch) {
      set({ filter: { ...get().filter, ...patch } });
    },

    clearFilter() {
      set({ filter: NO_FILTER });
    },

    setSort(sort) {
      set({ sort });
    },

    start() {
      const client = getClient();
      let lastLive = 0;
      const stop = client.on('runs.changed', () => get().reload());
      // A run still going grows its results; follow it without asking on every case.
      const stopProgress = client.on('runs.progress', (progress) => {
        const runId = get().runId;
        // A load still under way would be dropped by a new one and never finish on a big run.
        if (progress.runId !== runId || Date.now() - lastLive < LIVE_RELOAD_MS || get().results.status === 'loading') return;
        lastLive = Date.now();
        loadResults(runId);
        loadSummary(runId);
      });
      // The summary counts review verdicts too; a burst of key presses asks for it once.
      let summaryTimer: ReturnType<typeof setTimeout> | undefined;
      const stopReview = client.on('review.changed', ({ runId }) => {
        if (runId !== get().runId) return;
        clearTimeout(summaryTimer);
        summaryTimer = setTimeout(() => {
          if (get().runId === runId) loadSummary(runId);
        }, REVIEW_SUMMARY_DELAY_MS);
      });
      const stopReconnect = client.onReconnect(() => get().reload());
      // Labels set while no page listened (or a reload still pending when the last page left)
      // must not leave a stale summary: ask again on every start; main serves it from its cache.
      const openRunId = get().runId;
      if (openRunId !== null && get().summaryWanted) loadSummary(openRunId);
      return () => {
        stop();
        stopProgress();
        stopReview();
        stopReconnect();
        clearTimeout(summaryTimer);
      };
    },
  };
});

export const useOpenRunId = (): string | null => useCompareStore((s) => s.runId);
export const useRunDetail = (): Resource<RunDetail> => useCompareStore((s) => s.detail);
export const useRunResults = (): Resource<ScoredResult[]> => useCompareStore((s) => s.results);
export const useResultsProgress = (): CompareState['resultsProgress'] => useCompareStore((s) => s.resultsProgress);
export const useRunSummary = (): Resource<RunSummary> => useCompareStore((s) => s.summary);
export const useOpenRunTelemetry = (): Resource<RunTelemetry> => useCompareStore((s) => s.telemetry);
export const useCompareFilter = (): CompareFilter => useCompareStore((s) => s.filter);
export const useCompareSort = (): CompareSort => useCompareStore((s) => s.sort);
