import type { CaseRow } from '../compare/caseRows';
import { automaticOutcome } from '../compare/outcome';
import type { ScoredResult } from '../compare/types';

/** Why a result is worth a human look. */
export type QueueReason = 'failed' | 'error' | 'scoring-error' | 'disagreement';

export const QUEUE_REASON_LABELS: Record<QueueReason, string> = {
  failed: 'failed',
  error: 'harness error',
  'scoring-error': 'scorer error',
  disagreement: 'models disagree',
};

/** One case result to review. */
export interface QueueItem {
  /** Same as `resultKeyOf` of the result. */
  id: string;
  row: CaseRow;
  modelIndex: number;
  result: ScoredResult;
  reasons: QueueReason[];
}

/**
 * The results worth a human look, in case order then model order: every failure, harness or
 * scorer error, and every answer to a case the models disagree on (a pass there may be the
 * scorer's mistake). Built from the automatic outcomes, so reviewing does not reshuffle it.
 * With `all`, every result is listed.
 */
export function reviewQueue(rows: readonly CaseRow[], options: { all?: boolean } = {}): QueueItem[] {
  const items: QueueItem[] = [];
  for (const row of rows) {
    const results = row.cells.flatMap((cell, modelIndex) => cell?.results.map((result) => ({ result, modelIndex, outcome: automaticOutcome(result) })) ?? []);
    const disagreement = results.some((r) => r.outcome === 'pass') && results.some((r) => r.outcome === 'fail' || r.outcome === 'error');
    for (const { result, modelIndex, outcome } of results) {
      const reasons: QueueReason[] = [];
      if (outcome === 'fail') reasons.push('failed');
      if (outcome === 'error') reasons.push('error');
      if (outcome === 'scoring-error') reasons.push('scoring-error');
      if (disagreement) reasons.push('disagreement');
      if (reasons.length > 0 || options.all === true) {
        items.push({ id: `${result.modelKey}\u0000${result.caseId}\u0000${result.repetition}`, row, modelIndex, result, reasons });
      }
    }
  }
  return items;
}
