import type { CaseCell, CaseRow } from './caseRows';
import { isFailure } from './outcome';
import type { ModelColumn } from '../../stores/compareTypes';
import type { CompareFilter, CompareSort } from '../../stores/compareView';
import { inScope } from './variants';

function cellsOf(row: CaseRow, models: readonly ModelColumn[], model: string | null): CaseCell[] {
  if (model === null) return row.cells.filter((c): c is CaseCell => c !== null);
  const index = models.findIndex((m) => m.key === model);
  const cell = row.cells[index];
  return cell === null || cell === undefined ? [] : [cell];
}

/** Whether the models disagree on a case: one passed where another failed or could not run. */
export function disagrees(row: CaseRow): boolean {
  const outcomes = row.cells.flatMap((c) => (c === null ? [] : [c.outcome]));
  return outcomes.includes('pass') && outcomes.some(isFailure);
}

/** The test that one row must pass; built once per filter so a long list is checked fast. */
export function rowMatcher(filter: CompareFilter, models: readonly ModelColumn[]): (row: CaseRow) => boolean {
  const words = filter.search
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w.length > 0);
  const tags = new Set(filter.tags);
  const categories = new Set(filter.categories);
  const a = filter.failedButPassed === null ? -1 : models.findIndex((m) => m.key === filter.failedButPassed?.failed);
  const b = filter.failedButPassed === null ? -1 : models.findIndex((m) => m.key === filter.failedButPassed?.passed);
  return (row) => {
    if (!inScope(row.testCase, filter.variants)) return false;
    if (words.length > 0 && !words.every((w) => row.haystack.includes(w))) return false;
    if (filter.failedInAny && !row.cells.some((c) => c !== null && isFailure(c.outcome))) return false;
    if (filter.disagree && !disagrees(row)) return false;
    if (filter.failedButPassed !== null) {
      const failed = row.cells[a];
      const passed = row.cells[b];
      if (failed == null || passed == null || !isFailure(failed.outcome) || passed.outcome !== 'pass') return false;
    }
    if (tags.size > 0 && !row.testCase.tags.some((t) => tags.has(t))) return false;
    if (categories.size > 0 && !row.cells.some((c) => c !== null && c.categories.some((k) => categories.has(k)))) return false;
    if (filter.score !== null) {
      const { min, max } = filter.score;
      if (!cellsOf(row, models, filter.score.model).some((c) => c.score !== null && c.score >= min && c.score <= max)) return false;
    }
    if (filter.latency !== null) {
      const { minMs } = filter.latency;
      if (!cellsOf(row, models, filter.latency.model).some((c) => c.latencyMs !== null && c.latencyMs >= minMs)) return false;
    }
    return true;
  };
}

function average(values: readonly (number | null)[]): number | null {
  const present = values.filter((v): v is number => v !== null);
  return present.length === 0 ? null : present.reduce((x, y) => x + y, 0) / present.length;
}

function sortValue(row: CaseRow, sort: CompareSort, models: readonly ModelColumn[]): number | null {
  switch (sort.key) {
    case 'case':
      return row.index;
    case 'score':
      return average(cellsOf(row, models, sort.model).map((c) => c.score));
    case 'latency':
      return average(cellsOf(row, models, sort.model).map((c) => c.latencyMs));
    case 'spread': {
      const scores = row.cells.flatMap((c) => (c?.score == null ? [] : [c.score]));
      return scores.length < 2 ? null : Math.max(...scores) - Math.min(...scores);
    }
    default:
      return sort.key satisfies never;
  }
}

/** The rows that pass the filter, in the order asked; rows without a value sort last, ties in case order. */
export function filterAndSort(
  rows: readonly CaseRow[],
  filter: CompareFilter,
  sort: CompareSort,
  models: readonly ModelColumn[],
): CaseRow[] {
  const matches = rowMatcher(filter, models);
  const kept = rows.filter(matches);
  if (sort.key === 'case' && sort.direction === 'ascending') return kept;
  const sign = sort.direction === 'ascending' ? 1 : -1;
  const keyed = kept.map((row) => ({ row, value: sortValue(row, sort, models) }));
  keyed.sort((x, y) => {
    if (x.value === null || y.value === null) return x.value === y.value ? x.row.index - y.row.index : x.value === null ? 1 : -1;
    return x.value === y.value ? x.row.index - y.row.index : (x.value - y.value) * sign;
  });
  return keyed.map((k) => k.row);
}

/** Every tag used by the run's cases, sorted. */
export function tagsOf(rows: readonly CaseRow[]): string[] {
  return [...new Set(rows.flatMap((r) => r.testCase.tags))].sort((x, y) => x.localeCompare(y));
}

/** How many filter parts are set, for the "Clear filters" button; the variant scope is a view with its own control, not counted. */
export function activeFilterCount(filter: CompareFilter): number {
  return (
    (filter.search.trim() === '' ? 0 : 1) +
    (filter.failedInAny ? 1 : 0) +
    (filter.disagree ? 1 : 0) +
    (filter.failedButPassed === null ? 0 : 1) +
    (filter.tags.length > 0 ? 1 : 0) +
    (filter.categories.length > 0 ? 1 : 0) +
    (filter.score === null ? 0 : 1) +
    (filter.latency === null ? 0 : 1)
  );
}
