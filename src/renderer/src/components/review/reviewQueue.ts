import type { CaseRow } from '../compare/caseRows';
import { automaticOutcome } from '../compare/outcome';
import { resultKeyOf, type ScoredResult } from '../../stores/compareTypes';
import { answerChanged } from '../compare/variants';

/** A judge's 1–10 grade one step either side of its pass threshold could as well have gone the other way. */
const JUDGE_UNSURE_MARGIN = 1 / 9;

/**
 * Whether a judge scorer's verdict on this result was a close call: its score (the grade on 0–1)
 * within one grade of the threshold it was held to (0.5, the judge scorer's default, for results
 * judged before the threshold was recorded with the score).
 */
export function judgeUnsure(result: ScoredResult): boolean {
  return result.scores.some((s) => {
    if (s.type !== 'judge' || s.score === null) return false;
    const threshold = typeof s.details?.threshold === 'number' ? s.details.threshold : 0.5;
    return Math.abs(s.score - threshold) <= JUDGE_UNSURE_MARGIN + 1e-9;
  });
}

/** Why a result is worth a human look. */
export type QueueReason = 'failed' | 'error' | 'scoring-error' | 'disagreement' | 'judge-unsure' | 'answer-changed';

export const QUEUE_REASON_LABELS: Record<QueueReason, string> = {
  failed: 'failed',
  error: 'harness error',
  'scoring-error': 'scorer error',
  disagreement: 'models disagree',
  'judge-unsure': 'judge unsure',
  'answer-changed': 'answer changed',
};

/** One case result to review. */
export interface QueueItem {
  /** Same as `resultKeyOf` of the result. */
  id: string;
  row: CaseRow;
  modelIndex: number;
  result: ScoredResult;
  reasons: QueueReason[];
  /** For a robustness variant, its original case and the same model's answer to it (same repetition). */
  original?: { row: CaseRow; result: ScoredResult };
}

/** Which results the queue lists. */
export interface QueueOptions {
  /** Every result of the test set's own cases, not only those worth a look. */
  all?: boolean;
  /**
   * Robustness variants whose answer differs from the same model's answer to the original (at
   * the same repetition), compared as the run's robustness summary compares them. Other variants
   * are near-duplicates of their original and are never queued.
   */
  changedVariants?: boolean;
}

/**
 * The results worth a human look, in case order then model order: every failure, harness or
 * scorer error, every answer to a case the models disagree on (a pass there may be the
 * scorer's mistake), and every close call of a judge model. Built from the automatic outcomes, so reviewing does not reshuffle it.
 * With `all`, every result is listed. Variants are left out unless `changedVariants` is set.
 */
export function reviewQueue(rows: readonly CaseRow[], options: QueueOptions = {}): QueueItem[] {
  const items: QueueItem[] = [];
  const originals = options.changedVariants === true ? new Map(rows.map((r) => [r.testCase.id, r])) : null;
  for (const row of rows) {
    const originalId = row.testCase.variantOf;
    const original = originalId === undefined ? undefined : originals?.get(originalId);
    if (originalId !== undefined && original === undefined) continue;
    const results = row.cells.flatMap(
      (cell, modelIndex) => cell?.results.map((result) => ({ result, modelIndex, outcome: automaticOutcome(result) })) ?? [],
    );
    const disagreement = results.some((r) => r.outcome === 'pass') && results.some((r) => r.outcome === 'fail' || r.outcome === 'error');
    for (const { result, modelIndex, outcome } of results) {
      const reasons: QueueReason[] = [];
      const before = original?.cells[modelIndex]?.results.find((r) => r.repetition === result.repetition);
      if (original !== undefined) {
        if (before === undefined || answerChanged(result, row.testCase, before, original.testCase) !== true) continue;
        reasons.push('answer-changed');
      }
      if (outcome === 'fail') reasons.push('failed');
      if (outcome === 'error') reasons.push('error');
      if (outcome === 'scoring-error') reasons.push('scoring-error');
      if (disagreement) reasons.push('disagreement');
      if (judgeUnsure(result)) reasons.push('judge-unsure');
      if (reasons.length > 0 || options.all === true) {
        const item: QueueItem = { id: resultKeyOf(result), row, modelIndex, result, reasons };
        if (original !== undefined && before !== undefined) item.original = { row: original, result: before };
        items.push(item);
      }
    }
  }
  return items;
}
