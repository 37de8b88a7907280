/**
 * Store migrations, applied in order at start. Never edit one that has shipped: add the next.
 * Each runs inside a transaction together with the bump of `user_version`.
 */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    description: 'settings, test sets, models and runs',
    sql: `
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      CREATE TABLE test_sets (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        path TEXT NOT NULL UNIQUE,
        case_count INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE models (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        path TEXT NOT NULL,
        size_bytes INTEGER NOT NULL,
        sha256 TEXT UNIQUE,
        metadata_json TEXT,
        added_at TEXT NOT NULL
      );
      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        status TEXT NOT NULL,
        config_json TEXT NOT NULL,
        environment_json TEXT,
        created_at TEXT NOT NULL,
        finished_at TEXT
      );
    `,
  },
  {
    version: 2,
    description: 'model library: parts of split models, status and problems',
    sql: `
      ALTER TABLE models ADD COLUMN parts_json TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE models ADD COLUMN status TEXT NOT NULL DEFAULT 'hashing';
      ALTER TABLE models ADD COLUMN problems_json TEXT NOT NULL DEFAULT '[]';
      CREATE UNIQUE INDEX models_path ON models (path);
    `,
  },
  {
    version: 3,
    description: 'runs: their cases, and every case result committed as it finishes',
    sql: `
      ALTER TABLE runs ADD COLUMN cases_json TEXT NOT NULL DEFAULT '[]';
      CREATE TABLE case_results (
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        model_key TEXT NOT NULL,
        case_id TEXT NOT NULL,
        repetition INTEGER NOT NULL,
        seed INTEGER NOT NULL,
        output TEXT,
        stop_reason TEXT,
        timings_json TEXT,
        memory_json TEXT,
        error_json TEXT,
        finished_at TEXT NOT NULL,
        PRIMARY KEY (run_id, model_key, case_id, repetition)
      );
    `,
  },
  {
    version: 4,
    description: "telemetry: resource samples and case/model markers on each run's time line",
    sql: `
      CREATE TABLE telemetry_samples (
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        session INTEGER NOT NULL,
        t_ms REAL NOT NULL,
        sample_json TEXT NOT NULL
      );
      CREATE INDEX telemetry_samples_run ON telemetry_samples (run_id, session, t_ms);
      CREATE TABLE telemetry_markers (
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        session INTEGER NOT NULL,
        t_ms REAL NOT NULL,
        kind TEXT NOT NULL,
        label TEXT NOT NULL
      );
      CREATE INDEX telemetry_markers_run ON telemetry_markers (run_id, session, t_ms);
    `,
  },
  {
    version: 5,
    description: 'scores of each case result, one row per scorer, recomputable from stored outputs',
    sql: `
      CREATE TABLE case_scores (
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        model_key TEXT NOT NULL,
        case_id TEXT NOT NULL,
        repetition INTEGER NOT NULL,
        scores_json TEXT NOT NULL,
        scored_at TEXT NOT NULL,
        PRIMARY KEY (run_id, model_key, case_id, repetition)
      );
    `,
  },
  {
    version: 6,
    description: 'result cache: reuse an output for the same model content, load, input, parameters and seed',
    sql: `
      CREATE TABLE result_cache (
        key TEXT PRIMARY KEY,
        run_id TEXT NOT NULL,
        output TEXT NOT NULL,
        stop_reason TEXT NOT NULL,
        timings_json TEXT NOT NULL,
        memory_json TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      ALTER TABLE case_results ADD COLUMN cached_from TEXT;
    `,
  },
  {
    version: 7,
    description: 'human review labels of case results: verdict, note and tags, kept beside the automatic scores',
    sql: `
      CREATE TABLE review_labels (
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        model_key TEXT NOT NULL,
        case_id TEXT NOT NULL,
        repetition INTEGER NOT NULL,
        verdict TEXT,
        note TEXT NOT NULL DEFAULT '',
        tags_json TEXT NOT NULL DEFAULT '[]',
        updated_at TEXT NOT NULL,
        PRIMARY KEY (run_id, model_key, case_id, repetition)
      );
    `,
  },
  {
    version: 8,
    description: 'case results of remote models: the endpoint that answered and where each figure came from',
    sql: `
      ALTER TABLE case_results ADD COLUMN endpoint TEXT;
      ALTER TABLE case_results ADD COLUMN provenance_json TEXT;
    `,
  },
  {
    version: 9,
    description: 'runs: their test set file, a data version that summaries are cached by, and quantisation fidelity per model',
    sql: `
      ALTER TABLE runs ADD COLUMN test_set_path TEXT;
      CREATE TABLE run_versions (
        run_id TEXT PRIMARY KEY,
        version INTEGER NOT NULL
      );
      ${['case_results', 'case_scores', 'review_labels']
        .flatMap((table) =>
          (['INSERT', 'UPDATE', 'DELETE'] as const).map((event) => {
            const row = event === 'DELETE' ? 'OLD' : 'NEW';
            return `CREATE TRIGGER ${table}_${event.toLowerCase()}_bumps_version AFTER ${event} ON ${table} BEGIN
              INSERT INTO run_versions (run_id, version) VALUES (${row}.run_id, 1) ON CONFLICT (run_id) DO UPDATE SET version = version + 1;
            END;`;
          }),
        )
        .join('\n')}
      CREATE TABLE run_fidelity (
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        model_key TEXT NOT NULL,
        reference_key TEXT NOT NULL,
        text_json TEXT NOT NULL,
        result_json TEXT NOT NULL,
        measured_at TEXT NOT NULL,
        PRIMARY KEY (run_id, model_key)
      );
    `,
  },
  {
    version: 10,
    description: 'case results: the generation parameters each one ran with (run, test set and case settings merged)',
    sql: `
      ALTER TABLE case_results ADD COLUMN params_json TEXT;
    `,
  },
  {
    version: 11,
    description: 'case results: the per-choice log-likelihoods and figures of log-likelihood multiple-choice cases',
    sql: `
      ALTER TABLE case_results ADD COLUMN loglikelihood_json TEXT;
    `,
  },
];
