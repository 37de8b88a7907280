import { CompetingLoad, type CaseResult, type CaseScore } from '../../../shared/runs';
import type { ModelRunSummary, RunSummary } from '../../../shared/runSummary';
import {
  bootstrapMeanCi,
  bootstrapPassRateCi,
  comparePassRates,
  compareScores,
  summarizeSamples,
  verdict,
  wilsonInterval,
} from '../../../shared/stats';
import { overallScore } from '../scoring/scoreOutput';
import { modelKey as modelKeyOf, resultKey, type StoredRun } from './RunStore';
import { aggregateThroughput } from './aggregateThroughput';
import { summarizeRobustness } from './summarizeRobustness';
import { addLoglikelihoodSummaries } from './summarizeLoglikelihoodRun';
import { endpointsDown, summarizeEndpoints } from './summarizeEndpoints';

interface Outcome {
  key: string;
  passed: boolean | null;
  /** The scorers' verdict, before any review. */
  automatic: boolean | null;
  score: number | null;
}

/** A person's verdict on one result, by result key (see `resultKey`). */
export type ReviewVerdicts = ReadonlyMap<string, 'pass' | 'fail' | 'unsure'>;

function pick(values: readonly (number | null | undefined)[]): number[] {
  return values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
}

function maxOf(values: readonly (number | null | undefined)[]): number | null {
  const present = pick(values);
  return present.length === 0 ? null : Math.max(...present);
}

/**
 * A run's figures per model: quality with bootstrap intervals, latency as METRICS.md defines it
 * (median and p95 over cases), peak memory, and each model against the baseline on the cases
 * both answered, with a plain-language verdict.
 */
export function summarizeRun(
  run: StoredRun,
  results: readonly CaseResult[],
  scores: ReadonlyMap<string, CaseScore[]>,
  labels: ReadonlyMap<string, string>,
  baselineLabel?: string,
  reviews: ReviewVerdicts = new Map(),
): RunSummary {
  // Perturbed variants have their own section; every other figure is the original cases' alone.
  const variantIds = new Set(run.cases.flatMap((c) => (c.variantOf === undefined ? [] : [c.id])));
  const originals = variantIds.size === 0 ? results : results.filter((r) => !variantIds.has(r.caseId));
  const outcomes = new Map<string, Map<string, Outcome>>();
  const caseTags = new Map(run.cases.map((c) => [c.id, c.tags]));
  const models: ModelRunSummary[] = run.spec.models.map((model, index) => {
    const modelKey = modelKeyOf(index, model.modelId);
    const label = model.label ?? labels.get(model.modelId) ?? model.modelId;
    const mine = originals.filter((r) => r.modelKey === modelKey);
    const byCase = new Map<string, Outcome>();
    let scoringErrors = 0;
    let reviewed = 0;
    let overturned = 0;
    for (const r of mine) {
      if (r.error !== null) continue;
      const key = resultKey(r.modelKey, r.caseId, r.repetition);
      const overall = overallScore(scores.get(key) ?? []);
      if (overall.errored) scoringErrors += 1;
      const verdict = reviews.get(key);
      const human = verdict === 'pass' ? true : verdict === 'fail' ? false : null;
      if (human !== null) {
        reviewed += 1;
        if (human !== overall.passed) overturned += 1;
      }
      byCase.set(`${r.caseId}\u0000${r.repetition}`, {
        key: r.caseId,
        passed: human ?? overall.passed,
        automatic: overall.passed,
        score: overall.score,
      });
    }
    const tags = new Map<string, { passed: number; scored: number }>();
    for (const outcome of byCase.values()) {
      if (outcome.passed === null) continue;
      for (const tag of caseTags.get(outcome.key) ?? []) {
        const t = tags.get(tag) ?? { passed: 0, scored: 0 };
        t.scored += 1;
        if (outcome.passed) t.passed += 1;
        tags.set(tag, t);
      }
    }
    const byTag = [...tags.entries()]
      .sort((a, b) => a[0].localeCompare(b[0]))
      .map(([tag, t]) => {
        const ci = wilsonInterval(t.passed, t.scored);
        return { tag, passed: t.passed, scored: t.scored, passRate: t.passed / t.scored, lower: ci.lower, upper: ci.upper };
      });
    outcomes.set(label, byCase);
    const passed = [...byCase.values()].flatMap((o) => (o.passed === null ? [] : [o.passed]));
    const automatic = [...byCase.values()].flatMap((o) => (o.automatic === null ? [] : [o.automatic]));
    const scored = pick([...byCase.values()].map((o) => o.score));
    const ok = mine.filter((r) => r.error === null);
    // Reused outputs were timed in another run: they count for quality, not for latency here.
    const measured = ok.filter((r) => r.cachedFrom === null);
    return {
      modelKey,
      label,
      modelId: model.modelId,
      results: mine.length,
      errors: mine.length - ok.length,
      scoringErrors,
      passRate: passed.length === 0 ? null : bootstrapPassRateCi(passed),
      automaticPassRate: automatic.length === 0 ? null : bootstrapPassRateCi(automatic),
      reviewed,
      overturned,
      meanScore: scored.length === 0 ? null : bootstrapMeanCi(scored),
      timeToFirstTokenMs: summarizeSamples(pick(measured.map((r) => r.timings?.timeToFirstTokenMs))),
      promptTokensPerSecond: summarizeSamples(pick(measured.map((r) => r.timings?.promptTokensPerSecond))),
      generationTokensPerSecond: summarizeSamples(pick(measured.map((r) => r.timings?.generationTokensPerSecond))),
      llamaCppDecodeTokensPerSecond: summarizeSamples(pick(measured.map((r) => r.timings?.llamaCppDecodeTokensPerSecond))),
      ...(run.spec.mode === 'throughput' ? { aggregateThroughput: aggregateThroughput(measured) } : {}),
      peakRssBytes: maxOf(measured.map((r) => r.memory?.peakRssBytes)),
      peakVramBytes: maxOf(measured.map((r) => r.memory?.vramUsedBytes)),
      ...(model.remote === undefined
        ? {}
        : { endpoints: summarizeEndpoints(model.remote, mine, endpointsDown(run.environment, modelKey)) }),
      byTag,
      comparison: null,
    };
  });

  const baseline = models.find((m) => m.label === baselineLabel) ?? models[0];
  if (baseline !== undefined && models.length > 1) {
    const base = outcomes.get(baseline.label) ?? new Map<string, Outcome>();
    for (const model of models) {
      if (model === baseline) continue;
      const mine = outcomes.get(model.label) ?? new Map<string, Outcome>();
      const pairs = [...mine.entries()].flatMap(([key, o]) => {
        const b = base.get(key);
        return b === undefined ? [] : [{ candidate: o, baseline: b }];
      });
      const passPairs = pairs.filter((p) => p.candidate.passed !== null && p.baseline.passed !== null);
      const scorePairs = pairs.filter((p) => p.candidate.score !== null && p.baseline.score !== null);
      const names = { candidate: model.label, baseline: baseline.label };
      const passRate =
        passPairs.length === 0
          ? null
          : (() => {
              const c = comparePassRates(
                passPairs.map((p) => p.candidate.passed === true),
                passPairs.map((p) => p.baseline.passed === true),
              );
              return {
                difference: c.difference,
                lower: c.lower,
                upper: c.upper,
                pValue: c.pValue,
                n: c.n,
                verdict: verdict(c, { ...names, scale: 100, unit: 'percentage points' }),
              };
            })();
      const meanScore =
        scorePairs.length === 0
          ? null
          : (() => {
              const c = compareScores(
                scorePairs.map((p) => p.candidate.score ?? 0),
                scorePairs.map((p) => p.baseline.score ?? 0),
              );
              return {
                difference: c.difference,
                lower: c.lower,
                upper: c.upper,
                pValue: c.pValue,
                n: c.n,
                verdict: verdict(c, { ...names, scale: 100, unit: 'points' }),
              };
            })();
      model.comparison = { baseline: baseline.label, passRate, meanScore };
    }
  }
  addLoglikelihoodSummaries(models, originals, baseline);
  return {
    runId: run.id,
    name: run.spec.name,
    status: run.status,
    mode: run.spec.mode,
    repetitions: run.spec.repetitions,
    cases: run.cases.length - variantIds.size,
    baseline: baseline?.label ?? null,
    models,
    ...competingLoadOf(run.environment),
    ...(run.spec.robustness === undefined ? {} : { robustness: summarizeRobustness(run, results, scores, models) }),
  };
}

/** The run's record of other processes' CPU use, from its environment, where it was measured. */
function competingLoadOf(environment: unknown): { competingLoad?: CompetingLoad } {
  const record =
    typeof environment === 'object' && environment !== null && 'competingLoad' in environment ? environment.competingLoad : undefined;
  const parsed = CompetingLoad.safeParse(record);
  return parsed.success ? { competingLoad: parsed.data } : {};
}
