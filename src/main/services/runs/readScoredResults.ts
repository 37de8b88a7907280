import type { CaseError, CaseResult, CaseScore, ScoredCaseResult } from '../../../shared/runs';
import type { Store } from '../store/Store';

/** A `case_results` row as stored. */
export interface ResultRow {
  run_id: string;
  model_key: string;
  case_id: string;
  repetition: number;
  seed: number;
  output: string | null;
  stop_reason: string | null;
  timings_json: string | null;
  memory_json: string | null;
  error_json: string | null;
  finished_at: string;
  cached_from: string | null;
  endpoint: string | null;
  provenance_json: string | null;
  /** Absent from rows read by queries that predate it. */
  params_json?: string | null;
  /** Absent from rows read by queries that predate it. */
  loglikelihood_json?: string | null;
}

/** A `case_results` row joined with its `case_scores` row (null when not scored yet). */
interface ScoredRow extends ResultRow {
  scores_json: string | null;
}

/** One page of a run's results, whole cases in run order (see `readScoredResultsPage`). */
export interface ScoredResultsPage {
  results: ScoredCaseResult[];
  /** Cases in the run. */
  caseCount: number;
  /** Where the next page starts; null after the last case. */
  nextOffset: number | null;
}

const COLUMNS = `cr.run_id, cr.model_key, cr.case_id, cr.repetition, cr.seed, cr.output, cr.stop_reason, cr.timings_json, cr.memory_json,
  cr.error_json, cr.finished_at, cr.cached_from, cr.endpoint, cr.provenance_json, cr.params_json, cr.loglikelihood_json, cs.scores_json`;
const JOIN_SCORES =
  'LEFT JOIN case_scores cs ON cs.run_id = cr.run_id AND cs.model_key = cr.model_key AND cs.case_id = cr.case_id AND cs.repetition = cr.repetition';

/**
 * Builds the result without zod. Safe because nothing but `RunStore` writes these tables, and it
 * writes only what `CaseResult.parse` and `CaseScore.array().parse` accepted, as JSON of the parsed
 * values; `readScoredResults.test.ts` checks that this gives the same objects as parsing does. It
 * is what makes opening a run of 80,000 results take a fraction of a second instead of seconds.
 * `RunStore.results` passes the same object through `CaseResult.parse` when it wants it checked.
 */
export function toCaseResult(r: ResultRow): CaseResult {
  return {
    runId: r.run_id,
    modelKey: r.model_key,
    caseId: r.case_id,
    repetition: r.repetition,
    seed: r.seed,
    output: r.output,
    stopReason: r.stop_reason as CaseResult['stopReason'],
    timings: r.timings_json === null ? null : (JSON.parse(r.timings_json) as CaseResult['timings']),
    memory: r.memory_json === null ? null : (JSON.parse(r.memory_json) as CaseResult['memory']),
    error: r.error_json === null ? null : (JSON.parse(r.error_json) as CaseError),
    finishedAt: r.finished_at,
    cachedFrom: r.cached_from,
    endpoint: r.endpoint,
    provenance: r.provenance_json === null ? null : (JSON.parse(r.provenance_json) as CaseResult['provenance']),
    params: r.params_json == null ? null : (JSON.parse(r.params_json) as CaseResult['params']),
    loglikelihood: r.loglikelihood_json == null ? null : (JSON.parse(r.loglikelihood_json) as CaseResult['loglikelihood']),
  };
}

function toScoredResult(r: ScoredRow): ScoredCaseResult {
  return { ...toCaseResult(r), scores: r.scores_json === null ? [] : (JSON.parse(r.scores_json) as CaseScore[]) };
}

/** Every stored result of a run with its scores (none yet: `[]`), in one query. */
export function readScoredResults(store: Store, runId: string): ScoredCaseResult[] {
  const rows = store.db
    .prepare(`SELECT ${COLUMNS} FROM case_results cr ${JOIN_SCORES} WHERE cr.run_id = ? ORDER BY cr.model_key, cr.case_id, cr.repetition`)
    .all(runId) as ScoredRow[];
  return rows.map(toScoredResult);
}

/**
 * The stored results of the run's cases `offset … offset + limit - 1` (positions in the run's case
 * list), every model and repetition of each, ordered by case position, then model, then
 * repetition: a page always holds whole cases, so a grid can show its rows complete. Model keys
 * are `m<index>:<modelId>` (see `modelKey`), which lets each lookup use the primary key.
 */
export function readScoredResultsPage(store: Store, runId: string, offset: number, limit: number): ScoredResultsPage {
  const run = store.db.prepare('SELECT json_array_length(cases_json) AS case_count FROM runs WHERE id = ?').get(runId) as
    { case_count: number } | undefined;
  const caseCount = run?.case_count ?? 0;
  const end = Math.min(caseCount, offset + limit);
  if (end <= offset) return { results: [], caseCount, nextOffset: null };
  const rows = store.db
    .prepare(
      // MATERIALIZED and CROSS JOIN pin the plan: left to itself SQLite scans every result of the
      // run for each case (seconds per page) instead of seeking (run, model, case) in the key.
      `WITH page AS MATERIALIZED (
         SELECT CAST(c.key AS INTEGER) AS position, json_extract(c.value, '$.id') AS case_id
         FROM runs r, json_each(r.cases_json) c WHERE r.id = ?1 AND c.key >= ?2 AND c.key < ?3),
       models AS MATERIALIZED (
         SELECT CAST(m.key AS INTEGER) AS position, 'm' || m.key || ':' || json_extract(m.value, '$.modelId') AS model_key
         FROM runs r, json_each(r.config_json, '$.models') m WHERE r.id = ?1)
       SELECT ${COLUMNS} FROM page CROSS JOIN models CROSS JOIN case_results cr
       ${JOIN_SCORES}
       WHERE cr.run_id = ?1 AND cr.model_key = models.model_key AND cr.case_id = page.case_id
       ORDER BY page.position, models.position, cr.repetition`,
    )
    .all(runId, offset, end) as ScoredRow[];
  return { results: rows.map(toScoredResult), caseCount, nextOffset: end < caseCount ? end : null };
}
