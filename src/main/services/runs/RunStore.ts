import crypto from 'node:crypto';
import type { LoadedModelInfo } from '../../../shared/engine';
import {
  CaseResult,
  CaseScore,
  RunCase,
  RunSpec,
  type CaseResultInput,
  type CompetingLoad,
  type RunProgress,
  type ScoredCaseResult,
} from '../../../shared/runs';
import { mergeCompetingLoad } from '../system/competingLoad';
import { UserFacingError } from '../../../shared/result';
import type { Store } from '../store/Store';
import { resultKey } from './resultKey';
import { readScoredResults, readScoredResultsPage, toCaseResult, type ResultRow, type ScoredResultsPage } from './readScoredResults';

/** A stored run: its definition and cases, as they were when it started. */
export interface StoredRun {
  id: string;
  spec: RunSpec;
  cases: RunCase[];
  status: RunProgress['status'];
  environment: unknown;
  createdAt: string;
  /** The test set file the run was made from; null for runs stored before it was kept. */
  testSetPath: string | null;
}

export { modelKey, resultKey } from './resultKey';

/** Where a user finds run ids, for every error that could not find one. */
export const LIST_RUNS_HINT = 'List runs and their ids with `evalbench runs` (or open the Runs page).';

/** What executing a run adds to its environment record: loaded models' facts, endpoints given up. */
interface ExecutionNotes {
  models?: Record<string, LoadedModelInfo>;
  endpointsDown?: Record<string, Record<string, string>>;
  competingLoad?: CompetingLoad;
}

/** Runs and their results in the store. Each result is its own committed write. */
export class RunStore {
  constructor(private readonly store: Store) {}

  /** `testSetPath`: the test set file the cases were read from, so the run can be made again. */
  create(spec: RunSpec, cases: RunCase[], environment: unknown, testSetPath: string | null = null): string {
    const id = crypto.randomUUID();
    this.store.db
      .prepare(
        'INSERT INTO runs (id, name, status, config_json, cases_json, environment_json, created_at, test_set_path) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        id,
        spec.name,
        'queued',
        JSON.stringify(spec),
        JSON.stringify(cases),
        JSON.stringify(environment),
        new Date().toISOString(),
        testSetPath,
      );
    return id;
  }

  /**
   * The full id of the run a user named: the id itself or a unique start of it (export file names
   * and `evalbench runs` show the first 8 characters).
   */
  resolveId(idOrPrefix: string): string {
    const wanted = idOrPrefix.trim().toLowerCase();
    if (wanted === '') throw new UserFacingError('invalid_input', 'Name a run by its id.', LIST_RUNS_HINT);
    const exact = this.store.db.prepare('SELECT id FROM runs WHERE id = ?').get(wanted) as { id: string } | undefined;
    if (exact) return exact.id;
    if (wanted.length < 4)
      throw new UserFacingError(
        'invalid_input',
        `"${idOrPrefix}" is too short to name a run; give at least 4 characters of its id.`,
        LIST_RUNS_HINT,
      );
    // Ids are UUIDs (hex and dashes); anything else cannot match and must not reach LIKE as a pattern.
    if (!/^[0-9a-f-]+$/.test(wanted))
      throw new UserFacingError('not_found', `No run ${idOrPrefix} in the store: run ids are hexadecimal.`, LIST_RUNS_HINT);
    const rows = this.store.db
      .prepare("SELECT id, name FROM runs WHERE id LIKE ? || '%' ORDER BY created_at DESC, rowid DESC LIMIT 6")
      .all(wanted) as {
      id: string;
      name: string;
    }[];
    const [only] = rows;
    if (rows.length === 1 && only) return only.id;
    if (rows.length === 0) throw new UserFacingError('not_found', `No run ${idOrPrefix} in the store.`, LIST_RUNS_HINT);
    const listed = rows
      .slice(0, 5)
      .map((r) => `${r.id} (${r.name})`)
      .join(', ');
    throw new UserFacingError(
      'invalid_input',
      `"${idOrPrefix}" starts the ids of several runs: ${listed}${rows.length > 5 ? ', …' : ''}.`,
      'Give more characters of the id.',
    );
  }

  get(runId: string): StoredRun {
    const row = this.store.db.prepare('SELECT * FROM runs WHERE id = ?').get(runId) as
      | {
          id: string;
          config_json: string;
          cases_json: string;
          status: StoredRun['status'];
          environment_json: string | null;
          created_at: string;
          test_set_path: string | null;
        }
      | undefined;
    if (!row) throw new UserFacingError('not_found', `No run ${runId} in the store.`, LIST_RUNS_HINT);
    return {
      id: row.id,
      spec: RunSpec.parse(JSON.parse(row.config_json)),
      cases: RunCase.array().parse(JSON.parse(row.cases_json)),
      status: row.status,
      environment: row.environment_json === null ? null : (JSON.parse(row.environment_json) as unknown),
      createdAt: row.created_at,
      testSetPath: row.test_set_path,
    };
  }

  /** Notes other processes' CPU use during an execution of the run; a resumed run keeps the worse figures. */
  recordCompetingLoad(runId: string, load: CompetingLoad): void {
    this.patchEnvironment(runId, (environment) => {
      environment.competingLoad = mergeCompetingLoad(environment.competingLoad, load);
    });
  }

  /** Adds what loading a model really gave to the run's environment record. */
  recordModelLoad(runId: string, modelKey: string, info: LoadedModelInfo): void {
    this.patchEnvironment(runId, (environment) => {
      environment.models = { ...environment.models, [modelKey]: info };
    });
  }

  /**
   * Notes in the run's environment record that a remote endpoint was given up, and why; with no
   * endpoint, forgets the model's notes (a resumed run tries every endpoint again, and the summary
   * must not show one as down while it answers).
   */
  recordEndpointDown(runId: string, modelKey: string, endpoint: string | null, reason = ''): void {
    this.patchEnvironment(runId, (environment) => {
      const forModel = endpoint === null ? {} : { ...environment.endpointsDown?.[modelKey], [endpoint]: reason };
      environment.endpointsDown = { ...environment.endpointsDown, [modelKey]: forModel };
    });
  }

  /** Changes the parts of the environment record that execution fills in; the rest is kept as it is. */
  private patchEnvironment(runId: string, patch: (environment: ExecutionNotes) => void): void {
    const row = this.store.db.prepare('SELECT environment_json FROM runs WHERE id = ?').get(runId) as
      { environment_json: string | null } | undefined;
    const environment = (row?.environment_json ? JSON.parse(row.environment_json) : {}) as ExecutionNotes;
    patch(environment);
    this.store.write(`the environment record of run ${runId}`, () =>
      this.store.db.prepare('UPDATE runs SET environment_json = ? WHERE id = ?').run(JSON.stringify(environment), runId),
    );
  }

  /** Every run, newest first, with how far each got. */
  list(): (Omit<StoredRun, 'cases' | 'environment'> & {
    finishedAt: string | null;
    caseCount: number;
    resultCount: number;
    testSetPath: string | null;
  })[] {
    const rows = this.store.db
      .prepare(
        `SELECT r.id, r.config_json, r.status, r.created_at, r.finished_at, r.test_set_path, json_array_length(r.cases_json) AS case_count,
                (SELECT COUNT(*) FROM case_results c WHERE c.run_id = r.id) AS result_count
         FROM runs r ORDER BY r.created_at DESC, r.rowid DESC`,
      )
      .all() as {
      id: string;
      config_json: string;
      status: StoredRun['status'];
      created_at: string;
      finished_at: string | null;
      test_set_path: string | null;
      case_count: number;
      result_count: number;
    }[];
    return rows.map((r) => ({
      id: r.id,
      spec: RunSpec.parse(JSON.parse(r.config_json)),
      status: r.status,
      createdAt: r.created_at,
      finishedAt: r.finished_at,
      caseCount: r.case_count,
      resultCount: r.result_count,
      testSetPath: r.test_set_path,
    }));
  }

  rename(runId: string, name: string): void {
    const run = this.get(runId);
    this.store.db.prepare('UPDATE runs SET name = ?, config_json = ? WHERE id = ?').run(name, JSON.stringify({ ...run.spec, name }), runId);
  }

  /** Deletes a run with its results, scores and telemetry. */
  remove(runId: string): void {
    this.get(runId);
    this.store.write(`the removal of run ${runId}`, () => {
      for (const table of ['case_scores', 'case_results', 'telemetry_samples', 'telemetry_markers'])
        this.store.db.prepare(`DELETE FROM ${table} WHERE run_id = ?`).run(runId);
      this.store.db.prepare('DELETE FROM runs WHERE id = ?').run(runId);
      // Last: deleting the rows above bumped it.
      this.store.db.prepare('DELETE FROM run_versions WHERE run_id = ?').run(runId);
    });
  }

  /**
   * A number that changes whenever the run's results, scores or review labels change, in this
   * process or another (store triggers keep it): what a cached summary is keyed by.
   */
  dataVersion(runId: string): number {
    const row = this.store.db.prepare('SELECT version FROM run_versions WHERE run_id = ?').get(runId) as { version: number } | undefined;
    return row?.version ?? 0;
  }

  setStatus(runId: string, status: StoredRun['status']): void {
    const finished = status === 'completed' || status === 'cancelled' || status === 'failed' ? new Date().toISOString() : null;
    this.store.write(`the status of run ${runId}`, () =>
      this.store.db.prepare('UPDATE runs SET status = ?, finished_at = ? WHERE id = ?').run(status, finished, runId),
    );
  }

  /**
   * Removes the errors of cases that never ran (their model could not be loaded), so that they
   * count as missing and the next execution runs them. Returns how many there were.
   */
  forgetNotRun(runId: string): number {
    return this.store.write(`the cases of run ${runId} that never ran`, () => {
      const notRun = "run_id = ? AND error_json IS NOT NULL AND json_extract(error_json, '$.kind') = 'not-run'";
      this.store.db
        .prepare(
          `DELETE FROM case_scores WHERE run_id = ? AND (model_key, case_id, repetition) IN (SELECT model_key, case_id, repetition FROM case_results WHERE ${notRun})`,
        )
        .run(runId, runId);
      return this.store.db.prepare(`DELETE FROM case_results WHERE ${notRun}`).run(runId).changes;
    });
  }

  /** Keys of the results already stored: what a resumed run skips. */
  finishedKeys(runId: string): Set<string> {
    const rows = this.store.db.prepare('SELECT model_key, case_id, repetition FROM case_results WHERE run_id = ?').all(runId) as Pick<
      ResultRow,
      'model_key' | 'case_id' | 'repetition'
    >[];
    return new Set(rows.map((r) => resultKey(r.model_key, r.case_id, r.repetition)));
  }

  /** Runs several writes as one transaction: all of them land or none (a StoreWriteError says why). */
  write<T>(what: string, fn: () => T): T {
    return this.store.write(what, fn);
  }

  /** Commits one result at once. A second result for the same case is a bug and throws. */
  save(input: CaseResultInput): void {
    const result = CaseResult.parse(input);
    this.store.db
      .prepare(
        `INSERT INTO case_results (run_id, model_key, case_id, repetition, seed, output, stop_reason, timings_json, memory_json, error_json, finished_at, cached_from, endpoint, provenance_json, params_json, loglikelihood_json)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        result.runId,
        result.modelKey,
        result.caseId,
        result.repetition,
        result.seed,
        result.output,
        result.stopReason,
        result.timings === null ? null : JSON.stringify(result.timings),
        result.memory === null ? null : JSON.stringify(result.memory),
        result.error === null ? null : JSON.stringify(result.error),
        result.finishedAt,
        result.cachedFrom,
        result.endpoint,
        result.provenance === null ? null : JSON.stringify(result.provenance),
        result.params === null ? null : JSON.stringify(result.params),
        result.loglikelihood === null ? null : JSON.stringify(result.loglikelihood),
      );
  }

  /** A stored output for this cache key, from any run. */
  cached(key: string): { runId: string; output: string; stopReason: string; timings: unknown; memory: unknown } | null {
    const row = this.store.db
      .prepare('SELECT run_id, output, stop_reason, timings_json, memory_json FROM result_cache WHERE key = ?')
      .get(key) as { run_id: string; output: string; stop_reason: string; timings_json: string; memory_json: string } | undefined;
    return row === undefined
      ? null
      : {
          runId: row.run_id,
          output: row.output,
          stopReason: row.stop_reason,
          timings: JSON.parse(row.timings_json) as unknown,
          memory: JSON.parse(row.memory_json) as unknown,
        };
  }

  /** Remembers an output for later runs (first one wins: it is the original measurement). */
  remember(key: string, result: CaseResult): void {
    if (result.output === null || result.stopReason === null || result.timings === null || result.memory === null) return;
    this.store.db
      .prepare(
        'INSERT OR IGNORE INTO result_cache (key, run_id, output, stop_reason, timings_json, memory_json, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        key,
        result.runId,
        result.output,
        result.stopReason,
        JSON.stringify(result.timings),
        JSON.stringify(result.memory),
        result.finishedAt,
      );
  }

  /** Replaces the scores of one result (scores are recomputable from the stored output). */
  saveScores(runId: string, modelKey: string, caseId: string, repetition: number, scores: readonly CaseScore[]): void {
    this.store.db
      .prepare(
        `INSERT INTO case_scores (run_id, model_key, case_id, repetition, scores_json, scored_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (run_id, model_key, case_id, repetition) DO UPDATE SET scores_json = excluded.scores_json, scored_at = excluded.scored_at`,
      )
      // Parsed on the way in so that readers may trust what they read back (see `readScoredResults`).
      .run(runId, modelKey, caseId, repetition, JSON.stringify(CaseScore.array().parse(scores)), new Date().toISOString());
  }

  /** Scores by result key (see `resultKey`). */
  scores(runId: string): Map<string, CaseScore[]> {
    const rows = this.store.db
      .prepare('SELECT model_key, case_id, repetition, scores_json FROM case_scores WHERE run_id = ?')
      .all(runId) as {
      model_key: string;
      case_id: string;
      repetition: number;
      scores_json: string;
    }[];
    return new Map(rows.map((r) => [resultKey(r.model_key, r.case_id, r.repetition), CaseScore.array().parse(JSON.parse(r.scores_json))]));
  }

  results(runId: string): CaseResult[] {
    const rows = this.store.db
      .prepare('SELECT * FROM case_results WHERE run_id = ? ORDER BY model_key, case_id, repetition')
      .all(runId) as ResultRow[];
    return rows.map((r) => CaseResult.parse(toCaseResult(r)));
  }

  /** Every result with its scores, read in one query and trusted as written (see `readScoredResults`). */
  scoredResults(runId: string): ScoredCaseResult[] {
    return readScoredResults(this.store, runId);
  }

  /** The results of the run's cases `offset … offset + limit - 1`, in run order (see `readScoredResultsPage`). */
  scoredResultsPage(runId: string, offset: number, limit: number): ScoredResultsPage {
    const exists = this.store.db.prepare('SELECT 1 FROM runs WHERE id = ?').get(runId) !== undefined;
    if (!exists) throw new UserFacingError('not_found', `No run ${runId} in the store.`, 'It may have been deleted; pick another run.');
    return readScoredResultsPage(this.store, runId, offset, limit);
  }
}
