import { buildCaseRows, type CaseRow } from './caseRows';
import type { ModelColumn, RunDetail, ScoredResult } from '../../stores/compareTypes';

interface Built {
  detail: RunDetail;
  models: readonly ModelColumn[];
  results: readonly ScoredResult[];
  rows: CaseRow[];
}

/** Whether `next` is `previous` with more results appended (the same objects first). */
function isAppended(previous: readonly ScoredResult[], next: readonly ScoredResult[]): boolean {
  if (next.length <= previous.length) return false;
  for (let i = 0; i < previous.length; i++) if (previous[i] !== next[i]) return false;
  return true;
}

/**
 * Builds the run's cases as grid rows (without review labels), remembering the last build. While
 * a big run's results arrive page by page, each page appended to the last, only the rows of the
 * cases the new results touch are built again, so each page costs its own size, not the run's.
 * Anything else (another run, new models, a reload) builds every row.
 */
export function caseRowsBuilder(): (detail: RunDetail, results: readonly ScoredResult[], models: readonly ModelColumn[]) => CaseRow[] {
  let built: Built | null = null;
  return (detail, results, models) => {
    const previous = built;
    let rows: CaseRow[];
    if (previous !== null && previous.detail === detail && previous.models === models && isAppended(previous.results, results)) {
      const touched = new Set(results.slice(previous.results.length).map((r) => r.caseId));
      const positions = detail.cases.flatMap((c, index) => (touched.has(c.id) ? [index] : []));
      const cases = detail.cases.filter((c) => touched.has(c.id));
      const fresh = buildCaseRows(
        { ...detail, cases },
        results.filter((r) => touched.has(r.caseId)),
        models,
      );
      rows = [...previous.rows];
      fresh.forEach((row, i) => {
        const index = positions[i] ?? row.index;
        rows[index] = { ...row, index };
      });
    } else {
      rows = buildCaseRows(detail, results, models);
    }
    built = { detail, models, results, rows };
    return rows;
  };
}
