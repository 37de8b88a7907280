import type { ReviewLabel } from '../../../../shared/api';
import type { RunSummary } from '../../../../shared/runSummary';
import { automaticOutcome, type Outcome } from '../compare/outcome';
import { resultKeyOf, type ModelColumn, type ScoredResult } from '../../stores/compareTypes';

/**
 * A pass rate as counted: passes of the results that count, with the run summary's 95% interval
 * for the same counts (null until main has summarized them: one computation for every page).
 */
export interface PassCount {
  passed: number;
  total: number;
  interval: { lower: number; upper: number } | null;
}

/** One model's pass rate from the scorers alone and with review labels applied, side by side. */
export interface ModelReviewStats {
  modelKey: string;
  label: string;
  automatic: PassCount;
  reviewed: PassCount;
  /** Results with a pass or fail verdict that differs from the scorers'. */
  overridden: number;
  /** Results with any verdict (unsure included). */
  labelled: number;
}

/** Each model's automatic outcomes, counted once per run's results; labels are applied on top. */
export interface AutomaticTally {
  models: readonly ModelColumn[];
  outcomes: ReadonlyMap<string, Outcome>;
  counts: PassCount[];
}

function count(passed: number, total: number): PassCount {
  return { passed, total, interval: null };
}

export function automaticTally(results: readonly ScoredResult[], models: readonly ModelColumn[]): AutomaticTally {
  const index = new Map(models.map((m, i) => [m.key, i]));
  const passed = models.map(() => 0);
  const total = models.map(() => 0);
  const outcomes = new Map<string, Outcome>();
  for (const r of results) {
    const i = index.get(r.modelKey);
    if (i === undefined) continue;
    const outcome = automaticOutcome(r);
    outcomes.set(resultKeyOf(r), outcome);
    if (outcome === 'pass') passed[i] = (passed[i] ?? 0) + 1;
    if (outcome === 'pass' || outcome === 'fail') total[i] = (total[i] ?? 0) + 1;
  }
  return { models, outcomes, counts: models.map((_, i) => count(passed[i] ?? 0, total[i] ?? 0)) };
}

/**
 * Pass rates per model, automatic and reviewed. A person's pass or fail replaces the scorers'
 * verdict (and counts a harness error they judged); `unsure` leaves the automatic one. Only the
 * labels are walked, so this is cheap to redo on every key press.
 */
export function withLabels(tally: AutomaticTally, labels: ReadonlyMap<string, ReviewLabel>): ModelReviewStats[] {
  const index = new Map(tally.models.map((m, i) => [m.key, i]));
  const passed = tally.counts.map((c) => c.passed);
  const total = tally.counts.map((c) => c.total);
  const overridden = tally.models.map(() => 0);
  const labelled = tally.models.map(() => 0);
  for (const [key, label] of labels) {
    const i = index.get(label.modelKey);
    const auto = tally.outcomes.get(key);
    if (i === undefined || auto === undefined || label.verdict === null) continue;
    labelled[i] = (labelled[i] ?? 0) + 1;
    if (label.verdict === 'unsure' || label.verdict === auto) continue;
    overridden[i] = (overridden[i] ?? 0) + 1;
    if (auto === 'pass') passed[i] = (passed[i] ?? 0) - 1;
    if (auto === 'pass' || auto === 'fail') total[i] = (total[i] ?? 0) - 1;
    if (label.verdict === 'pass') passed[i] = (passed[i] ?? 0) + 1;
    total[i] = (total[i] ?? 0) + 1;
  }
  return tally.models.map((m, i) => ({
    modelKey: m.key,
    label: m.label,
    automatic: tally.counts[i] ?? count(0, 0),
    reviewed: count(passed[i] ?? 0, total[i] ?? 0),
    overridden: overridden[i] ?? 0,
    labelled: labelled[i] ?? 0,
  }));
}

type SummaryInterval = NonNullable<RunSummary['models'][number]['passRate']>;

/** The summary's interval when it describes these very counts; null while the summary is out of date. */
function sameCounts(count: PassCount, interval: SummaryInterval | null | undefined): PassCount {
  const matches =
    interval != null && count.total > 0 && interval.n === count.total && Math.abs(interval.estimate - count.passed / count.total) < 1e-9;
  return { ...count, interval: matches ? { lower: interval.lower, upper: interval.upper } : null };
}

/**
 * The pass rates with the intervals main computed for the run summary (the ones Compare, the
 * reports and the CLI show), never a second computation here; a rate that a review label has
 * just changed gets its interval when the summary catches up.
 */
export function withSummaryIntervals(stats: readonly ModelReviewStats[], summary: RunSummary | null): ModelReviewStats[] {
  return stats.map((s) => {
    const m = summary?.models.find((x) => x.modelKey === s.modelKey);
    return { ...s, automatic: sameCounts(s.automatic, m?.automaticPassRate ?? m?.passRate), reviewed: sameCounts(s.reviewed, m?.passRate) };
  });
}

/** {@link withLabels} of {@link automaticTally}, in one go. */
export function reviewedStats(
  results: readonly ScoredResult[],
  labels: ReadonlyMap<string, ReviewLabel>,
  models: readonly ModelColumn[],
): ModelReviewStats[] {
  return withLabels(automaticTally(results, models), labels);
}

/** "62.5%": a rate for people, or an en dash when there is nothing to count. */
export function formatRate(count: PassCount): string {
  return count.total === 0 ? '–' : `${((count.passed / count.total) * 100).toFixed(1)}%`;
}
