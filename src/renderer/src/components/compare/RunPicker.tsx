import { useEffect } from 'react';
import type { RunListItem } from '../../../../shared/api';
import { useCompareStore, useOpenRunId } from '../../stores/compareStore';
import { RunOptions } from '../RunOptions';

/** Runs with at least one result can be compared and reviewed, even while they still run. */
export function hasResults(run: RunListItem): boolean {
  return run.done > 0;
}

/** Picks the run Compare and Review show (they share it); opens the newest one if none is open. */
export function RunPicker({ runs }: { runs: readonly RunListItem[] }) {
  const runId = useOpenRunId();
  const select = useCompareStore((s) => s.select);
  const known = runs.some((r) => r.id === runId);
  useEffect(() => {
    if (!known) select(runs[0]?.id ?? null);
  }, [known, runs, select]);
  return (
    <label>
      Run
      <select value={known ? (runId ?? '') : ''} onChange={(e) => select(e.target.value)}>
        <RunOptions runs={runs} />
      </select>
    </label>
  );
}
