import type { RunSummary } from '../../../../shared/runSummary';
import { withSharedResampling } from '../../../../shared/stats';
import { EventBus } from '../../EventBus';
import { ReviewService } from '../../review/ReviewService';
import type { Store } from '../../store/Store';
import { RunStore } from '../RunStore';
import { summarizeRun } from '../summarizeRun';

/** What a summary is computed from, besides the store: the run, its baseline, the library's model names. */
export interface SummaryJob {
  runId: string;
  baseline: string | null;
  /** Library model id → name, for models the run file did not label. */
  labels: [string, string][];
}

/** A summary with the data version (`RunStore.dataVersion`) of the rows it was computed from. */
export interface ComputedSummary {
  version: number;
  summary: RunSummary;
}

/**
 * Reads a run's results, scores and review verdicts in one read transaction (so the version
 * matches the rows) and returns the summary to compute from them: a pure function, so that its
 * resampling can be planned and shared (see `planSharedResampling`).
 */
export function readSummaryInput(store: Store, job: SummaryJob): { version: number; compute: () => RunSummary } {
  const runs = new RunStore(store);
  const reviews = new ReviewService(store, new EventBus());
  store.db.exec('BEGIN');
  try {
    const version = runs.dataVersion(job.runId);
    const run = runs.get(job.runId);
    const results = runs.results(job.runId);
    const scores = runs.scores(job.runId);
    // A person's pass or fail counts over the scorers' in every figure (both are reported).
    const verdicts = reviews.verdicts(job.runId);
    return { version, compute: () => summarizeRun(run, results, scores, new Map(job.labels), job.baseline ?? undefined, verdicts) };
  } finally {
    store.db.exec('COMMIT');
  }
}

/** The summary computed in this thread, every bootstrap sharing its draws. */
export function computeSummary(store: Store, job: SummaryJob): ComputedSummary {
  const { version, compute } = readSummaryInput(store, job);
  return { version, summary: withSharedResampling(compute) };
}
