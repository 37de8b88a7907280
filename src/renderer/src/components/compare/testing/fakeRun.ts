import type { CallOutput, RunListItem } from '../../../../../shared/api';
import type { RunDetail, ScoredResult } from '../../../stores/compareTypes';

/** A run list entry for the fake bridge. */
export function listItem(overrides: Partial<RunListItem> = {}): RunListItem {
  return {
    id: 'run-1',
    name: 'Capitals',
    status: 'completed',
    createdAt: '2026-11-01T10:00:00Z',
    finishedAt: '2026-11-01T10:05:00Z',
    mode: 'latency',
    models: ['Q8', 'Q4'],
    caseCount: 4,
    total: 8,
    done: 8,
    testSetPath: null,
    active: overrides.status === 'running' || overrides.status === 'queued',
    ...overrides,
  };
}

/** A run summary with no per-model figures (the grid does not need them). */
export function emptySummary(detail: RunDetail): CallOutput<'runs.summary'> {
  return {
    runId: detail.id,
    name: detail.spec.name,
    status: detail.status,
    mode: detail.spec.mode,
    repetitions: detail.spec.repetitions,
    cases: detail.cases.length,
    baseline: null,
    models: [],
  };
}

/** What main answers `runs.resultsPage` with: the results of the cases `offset … offset + limit - 1`, in run order. */
export function resultsPage(
  detail: RunDetail,
  results: readonly ScoredResult[],
  { offset, limit }: { offset: number; limit: number },
): CallOutput<'runs.resultsPage'> {
  const end = Math.min(detail.cases.length, offset + limit);
  const wanted = new Map(detail.cases.slice(offset, end).map((c, i) => [c.id, i]));
  const page = results.filter((r) => wanted.has(r.caseId)).sort((a, b) => (wanted.get(a.caseId) ?? 0) - (wanted.get(b.caseId) ?? 0));
  return { results: page, caseCount: detail.cases.length, nextOffset: end < detail.cases.length ? end : null };
}

/** Answers for every call Compare and Review make about one run. */
export function runAnswers(
  detail: RunDetail,
  results: ScoredResult[],
  list: RunListItem[] = [listItem({ caseCount: detail.cases.length, total: results.length, done: results.length })],
) {
  return {
    'runs.list': () => ({ ok: true as const, value: list }),
    'runs.get': () => ({ ok: true as const, value: detail }),
    'runs.results': () => ({ ok: true as const, value: results }),
    'runs.resultsPage': (input: unknown) => ({
      ok: true as const,
      value: resultsPage(detail, results, input as { offset: number; limit: number }),
    }),
    'runs.summary': () => ({ ok: true as const, value: emptySummary(detail) }),
    'runs.telemetry': () => ({ ok: true as const, value: { samples: [], markers: [] } }),
    'review.list': () => ({ ok: true as const, value: [] }),
    'models.list': () => ({ ok: true as const, value: [] }),
  };
}
