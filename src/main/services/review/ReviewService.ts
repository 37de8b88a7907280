import { ReviewVerdict, type ReviewKey, type ReviewLabel } from '../../../shared/api';
import { UserFacingError } from '../../../shared/result';
import type { EventBus } from '../EventBus';
import type { HandlerSlice } from '../router';
import { resultKey } from '../runs/RunStore';
import type { Store } from '../store/Store';

interface LabelRow {
  run_id: string;
  model_key: string;
  case_id: string;
  repetition: number;
  verdict: string | null;
  note: string;
  tags_json: string;
  updated_at: string;
}

/** What a reviewer stores for one case result: the whole label, replacing the last one. */
export type ReviewInput = ReviewKey & Pick<ReviewLabel, 'verdict' | 'note' | 'tags'>;

function toLabel(row: LabelRow): ReviewLabel {
  const verdict = ReviewVerdict.safeParse(row.verdict);
  const tags = JSON.parse(row.tags_json) as unknown;
  return {
    runId: row.run_id,
    modelKey: row.model_key,
    caseId: row.case_id,
    repetition: row.repetition,
    verdict: verdict.success ? verdict.data : null,
    note: row.note,
    tags: Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : [],
    updatedAt: row.updated_at,
  };
}

/**
 * Human review labels, one per case result. They live beside the automatic scores and never
 * change them: the app shows both, and a pass/fail verdict wins in the statistics it shows.
 */
export class ReviewService {
  constructor(
    private readonly store: Store,
    private readonly bus: EventBus,
  ) {}

  /** The calls this service answers, for the router. */
  handlers(): HandlerSlice<'review.list' | 'review.set'> {
    return {
      'review.list': ({ runId }) => this.list(runId),
      'review.set': (label) => this.set(label),
    };
  }

  list(runId: string): ReviewLabel[] {
    this.requireRun(runId);
    const rows = this.store.db
      .prepare('SELECT * FROM review_labels WHERE run_id = ? ORDER BY model_key, case_id, repetition')
      .all(runId) as LabelRow[];
    return rows.map(toLabel);
  }

  /**
   * The pass/fail/unsure verdicts of a run by result key (`resultKey` of RunStore), as
   * `summarizeRun` takes them to let a person's pass or fail override the scorers.
   */
  verdicts(runId: string): Map<string, ReviewVerdict> {
    const rows = this.store.db
      .prepare('SELECT model_key, case_id, repetition, verdict FROM review_labels WHERE run_id = ? AND verdict IS NOT NULL')
      .all(runId) as Pick<LabelRow, 'model_key' | 'case_id' | 'repetition' | 'verdict'>[];
    const verdicts = new Map<string, ReviewVerdict>();
    for (const row of rows) {
      const verdict = ReviewVerdict.safeParse(row.verdict);
      if (verdict.success) verdicts.set(resultKey(row.model_key, row.case_id, row.repetition), verdict.data);
    }
    return verdicts;
  }

  /** Stores a label, or removes it when it says nothing (no verdict, note or tags). */
  set(input: ReviewInput): ReviewLabel | null {
    this.requireRun(input.runId);
    const exists = this.store.db
      .prepare('SELECT 1 AS found FROM case_results WHERE run_id = ? AND model_key = ? AND case_id = ? AND repetition = ?')
      .get(input.runId, input.modelKey, input.caseId, input.repetition);
    if (exists === undefined) {
      throw new UserFacingError(
        'not_found',
        `Run ${input.runId} has no result for case ${input.caseId} (model ${input.modelKey}, repetition ${input.repetition}) to review.`,
        'Only finished case results can be reviewed; reload the run.',
      );
    }
    const key = [input.runId, input.modelKey, input.caseId, input.repetition] as const;
    const tags = [...new Set(input.tags.map((t) => t.trim()).filter((t) => t.length > 0))];
    const note = input.note.trim();
    let label: ReviewLabel | null = null;
    if (input.verdict === null && note === '' && tags.length === 0) {
      this.store.db.prepare('DELETE FROM review_labels WHERE run_id = ? AND model_key = ? AND case_id = ? AND repetition = ?').run(...key);
    } else {
      const updatedAt = new Date().toISOString();
      this.store.db
        .prepare(
          `INSERT INTO review_labels (run_id, model_key, case_id, repetition, verdict, note, tags_json, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (run_id, model_key, case_id, repetition) DO UPDATE SET verdict = excluded.verdict, note = excluded.note, tags_json = excluded.tags_json, updated_at = excluded.updated_at`,
        )
        .run(...key, input.verdict, note, JSON.stringify(tags), updatedAt);
      label = {
        runId: input.runId,
        modelKey: input.modelKey,
        caseId: input.caseId,
        repetition: input.repetition,
        verdict: input.verdict,
        note,
        tags,
        updatedAt,
      };
    }
    this.bus.emit('review.changed', {
      runId: input.runId,
      modelKey: input.modelKey,
      caseId: input.caseId,
      repetition: input.repetition,
      label,
    });
    return label;
  }

  private requireRun(runId: string): void {
    if (this.store.db.prepare('SELECT 1 AS found FROM runs WHERE id = ?').get(runId) === undefined) {
      throw new UserFacingError('not_found', `No run ${runId} in the store.`, 'It may have been deleted; pick another run.');
    }
  }
}
