import { useEffect, useMemo, useState } from 'react';
import type { RunListItem } from '../../../../shared/api';
import type { ApiError } from '../../../../shared/result';
import { getClient } from '../../api/client';
import { modelColumns } from './caseRows';
import type { ModelColumn, ScoredResult } from '../../stores/compareTypes';

/** Another run's models as extra columns of the open run's grid, and its results keyed to them. */
export interface OtherRunColumns {
  columns: ModelColumn[];
  results: ScoredResult[];
  loading: boolean;
  error: ApiError | null;
}

const NONE: OtherRunColumns = { columns: [], results: [], loading: false, error: null };

/**
 * Runs whose columns can sit beside the open run's: another run with results, made from the same
 * test set file when both runs know theirs (cases are matched by id).
 */
export function comparableRuns(runs: readonly RunListItem[], open: RunListItem | undefined): RunListItem[] {
  if (open === undefined) return [];
  return runs.filter(
    (r) => r.id !== open.id && r.done > 0 && (open.testSetPath === null || r.testSetPath === null || r.testSetPath === open.testSetPath),
  );
}

/**
 * Loads another run to compare the open one with (an earlier run of the same test set, say before
 * and after a llama.cpp upgrade): its models become columns named after both model and run, placed
 * after the open run's own, and its results are keyed to those columns so no key meets the open
 * run's. Statistics and charts stay the open run's own.
 */
export function useOtherRunColumns(other: RunListItem | undefined, firstIndex: number): OtherRunColumns {
  const [state, setState] = useState<{ runId: string; columns: ModelColumn[]; results: ScoredResult[]; error: ApiError | null } | null>(
    null,
  );
  const otherId = other?.id;
  useEffect(() => {
    if (otherId === undefined) return;
    const load = { stale: false };
    void (async () => {
      const client = getClient();
      const [detail, results] = await Promise.all([
        client.call('runs.get', { runId: otherId }),
        client.call('runs.results', { runId: otherId }),
      ]);
      if (load.stale) return;
      if (!detail.ok || !results.ok) {
        setState({ runId: otherId, columns: [], results: [], error: !detail.ok ? detail.error : results.ok ? null : results.error });
        return;
      }
      const own = modelColumns(detail.value, other?.models);
      const keyOf = (modelKey: string): string => `${otherId}|${modelKey}`;
      const columns = own.map((c) => ({ ...c, key: keyOf(c.key), label: `${c.label} (${other?.name ?? otherId})` }));
      setState({ runId: otherId, columns, results: results.value.map((r) => ({ ...r, modelKey: keyOf(r.modelKey) })), error: null });
    })();
    return () => {
      load.stale = true;
    };
    // The run's name and labels only label the columns; a rename does not reload its results.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [otherId]);
  return useMemo(() => {
    if (otherId === undefined) return NONE;
    if (state === null || state.runId !== otherId) return { ...NONE, loading: true };
    return {
      columns: state.columns.map((c, i) => ({ ...c, index: firstIndex + i })),
      results: state.results,
      loading: false,
      error: state.error,
    };
  }, [otherId, state, firstIndex]);
}
