import type { ReviewLabel } from '../../../../shared/api';
import { failureCategories, type FailureCategory } from '../../../../shared/failureCategory';
import { expectedAnswers } from '../../../../shared/loglikelihood';
import { automaticOutcome, effectiveOutcome, isFailure, overallOf, type Outcome } from './outcome';
import { resultKeyOf, type ModelColumn, type RunCaseView, type RunDetail, type ScoredResult } from '../../stores/compareTypes';

/** One model's answers to one case (every repetition), summed up for the grid. */
export interface CaseCell {
  modelKey: string;
  /** By repetition. */
  results: ScoredResult[];
  /** What the scorers said, over the repetitions: failed if any failed. */
  automatic: Outcome;
  /** The same with review labels applied; what filters and statistics count. */
  outcome: Outcome;
  /** Repetitions that passed, and those that count (scored, or labelled by a person). */
  passed: number;
  counted: number;
  /** Mean overall score over the scored repetitions, 0–1. */
  score: number | null;
  /** Mean total generation time, in ms. */
  latencyMs: number | null;
  categories: FailureCategory[];
  /** The person's verdict on the first repetition that has one. */
  verdict: ReviewLabel['verdict'];
}

/** A case of the run with every model's answers, in model order (null: not run yet). */
export interface CaseRow {
  index: number;
  testCase: RunCaseView;
  cells: (CaseCell | null)[];
  /** Lower-cased prompt, expected answers and outputs, for search. */
  haystack: string;
}

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

const PRECEDENCE: readonly Outcome[] = ['fail', 'error', 'scoring-error', 'pass', 'unscored'];

/** Combines per-repetition outcomes: the worst one shows (a failure, then a harness error, …). */
function combine(outcomes: readonly Outcome[]): Outcome {
  return PRECEDENCE.find((p) => outcomes.includes(p)) ?? 'unscored';
}

/** The text a case was asked, as one string (chat messages one a line). */
export function promptText(testCase: RunCaseView, sharedSystem: string | null = null): string {
  if (testCase.input.kind === 'completion') return testCase.input.prompt;
  const [first, ...rest] = testCase.input.messages;
  // The system prompt every case shares is shown once, above the grid, not in every row.
  const messages = sharedSystem !== null && first?.role === 'system' && first.content === sharedSystem ? rest : testCase.input.messages;
  return messages.map((m) => `${m.role}: ${m.content}`).join('\n');
}

/** The system prompt every case starts with, when there are two cases or more and all share one; else null. */
export function sharedSystemPrompt(rows: readonly CaseRow[]): string | null {
  if (rows.length < 2) return null;
  let shared: string | null = null;
  for (const { testCase } of rows) {
    const first = testCase.input.kind === 'chat' ? testCase.input.messages[0] : undefined;
    if (first?.role !== 'system' || (shared !== null && first.content !== shared)) return null;
    shared = first.content;
  }
  return shared;
}

/** The models of a run as grid columns; labels from the run list where the spec has none. */
export function modelColumns(detail: RunDetail, labels: readonly string[] = []): ModelColumn[] {
  return detail.spec.models.map((m, index) => ({
    key: `m${index}:${m.modelId}`,
    label: m.label ?? labels[index] ?? m.modelId,
    modelId: m.modelId,
    index,
  }));
}

function buildCell(
  modelKey: string,
  results: ScoredResult[],
  expected: readonly string[],
  labels: ReadonlyMap<string, ReviewLabel>,
): CaseCell {
  results.sort((a, b) => a.repetition - b.repetition);
  const auto: Outcome[] = [];
  const effective: Outcome[] = [];
  const categories = new Set<FailureCategory>();
  let verdict: ReviewLabel['verdict'] = null;
  for (const r of results) {
    const label = labels.get(resultKeyOf(r));
    const a = automaticOutcome(r);
    const e = effectiveOutcome(r, label);
    auto.push(a);
    effective.push(e);
    verdict ??= label?.verdict ?? null;
    if (isFailure(e)) for (const c of failureCategories(r, expected, { failed: true })) categories.add(c);
  }
  const scores = results.flatMap((r) => (r.error === null ? [overallOf(r.scores).score] : [])).filter((s): s is number => s !== null);
  const latencies = results.flatMap((r) => (r.timings === null ? [] : [r.timings.totalMs]));
  return {
    modelKey,
    results,
    automatic: combine(auto),
    outcome: combine(effective),
    passed: effective.filter((o) => o === 'pass').length,
    counted: effective.filter((o) => o === 'pass' || o === 'fail').length,
    score: mean(scores),
    latencyMs: mean(latencies),
    categories: [...categories],
    verdict,
  };
}

const NO_LABELS: ReadonlyMap<string, ReviewLabel> = new Map();

/**
 * Applies review labels to rows built without them. Only the cases that have a label are built
 * again, so a key press in Review costs a few cells, not the whole run.
 */
export function applyLabels(rows: readonly CaseRow[], labels: ReadonlyMap<string, ReviewLabel>): CaseRow[] {
  if (labels.size === 0) return [...rows];
  const labelled = new Set([...labels.values()].map((l) => l.caseId));
  return rows.map((row) => {
    if (!labelled.has(row.testCase.id)) return row;
    return {
      ...row,
      cells: row.cells.map((cell) =>
        cell === null ? null : buildCell(cell.modelKey, [...cell.results], expectedAnswers(row.testCase), labels),
      ),
    };
  });
}

/** Every case of the run as a row, each model's results (and review labels, if given) in its cell. */
export function buildCaseRows(
  detail: RunDetail,
  results: readonly ScoredResult[],
  models: readonly ModelColumn[],
  labels: ReadonlyMap<string, ReviewLabel> = NO_LABELS,
): CaseRow[] {
  const rows = buildAutomaticRows(detail, results, models);
  return labels.size === 0 ? rows : applyLabels(rows, labels);
}

function buildAutomaticRows(detail: RunDetail, results: readonly ScoredResult[], models: readonly ModelColumn[]): CaseRow[] {
  const byCase = new Map<string, Map<string, ScoredResult[]>>();
  for (const r of results) {
    let perModel = byCase.get(r.caseId);
    if (perModel === undefined) byCase.set(r.caseId, (perModel = new Map<string, ScoredResult[]>()));
    const list = perModel.get(r.modelKey);
    if (list === undefined) perModel.set(r.modelKey, [r]);
    else list.push(r);
  }
  return detail.cases.map((testCase, index) => {
    const perModel = byCase.get(testCase.id);
    const cells = models.map((m) => {
      const mine = perModel?.get(m.key);
      return mine === undefined ? null : buildCell(m.key, mine, expectedAnswers(testCase), NO_LABELS);
    });
    const outputs = cells.flatMap((c) => c?.results.map((r) => r.output ?? r.error?.message ?? '') ?? []);
    const haystack = [testCase.id, promptText(testCase), ...expectedAnswers(testCase), ...outputs].join('\n').toLowerCase();
    return { index, testCase, cells, haystack };
  });
}
