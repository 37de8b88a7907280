import type { ApiError } from '../../../../shared/result';
import type { ComputedSummary, SummaryJob } from './computeSummary';

/** Main → summary worker: summarise a run of the store at `storeFile`. */
export interface SummaryRequest extends SummaryJob {
  id: number;
  storeFile: string;
}

/** Summary worker → main. */
export type SummaryReply = ({ id: number; ok: true } & ComputedSummary) | { id: number; ok: false; error: ApiError };
