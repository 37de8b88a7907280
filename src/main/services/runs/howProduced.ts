import type { CaseResult } from '../../../shared/runs';

/** The fields of a stored result that say how its answer was produced. */
export type HowProduced = Pick<
  CaseResult,
  'timings' | 'memory' | 'error' | 'cachedFrom' | 'endpoint' | 'provenance' | 'finishedAt' | 'loglikelihood'
>;

/**
 * Copies them in one order, so that results.jsonl and a report's case records carry the same
 * fields, in the same order, and a field added to `CaseResult` is added to both in one place.
 */
export function howProduced(r: CaseResult): HowProduced {
  return {
    timings: r.timings,
    memory: r.memory,
    error: r.error,
    cachedFrom: r.cachedFrom,
    endpoint: r.endpoint,
    provenance: r.provenance,
    finishedAt: r.finishedAt,
    // A log-likelihood case's per-choice log-likelihoods and figures (null for a generated answer).
    loglikelihood: r.loglikelihood,
  };
}
