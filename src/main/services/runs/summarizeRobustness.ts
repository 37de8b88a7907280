import { comparableAnswer } from '../../../shared/robustness/comparableAnswer';
import type { CaseResult, CaseScore, RunCase } from '../../../shared/runs';
import type { RobustnessFigures, RobustnessSummary } from '../../../shared/runSummary';
import { bootstrapMeanCi, wilsonInterval } from '../../../shared/stats';
import { overallScore } from '../scoring/scoreOutput';
import { resultKey, type StoredRun } from './RunStore';

/** One result with what the comparison needs. */
interface Answer {
  error: boolean;
  score: number | null;
  passed: boolean | null;
  answer: string | null;
}

/** A variant result beside the original result of the same case and repetition. */
interface Pair {
  unit: string;
  kind: string;
  original: Answer;
  variant: Answer;
}

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

function agreement(flags: readonly boolean[]): RobustnessFigures['answerConsistency'] {
  if (flags.length === 0) return null;
  const agreeing = flags.filter(Boolean).length;
  const ci = wilsonInterval(agreeing, flags.length);
  return { agreeing, compared: flags.length, share: agreeing / flags.length, lower: ci.lower, upper: ci.upper };
}

/** The figures over some pairs: the score drop is averaged per original (its variants' mean first), so a case with more variants does not weigh more. */
function figures(pairs: readonly Pair[]): RobustnessFigures {
  const compared = pairs.filter((p) => !p.variant.error && !p.original.error);
  const units = new Map<string, { original: number; variants: number[] }>();
  for (const p of compared) {
    if (p.original.score === null || p.variant.score === null) continue;
    const u = units.get(p.unit) ?? { original: p.original.score, variants: [] };
    u.variants.push(p.variant.score);
    units.set(p.unit, u);
  }
  const perUnit = [...units.values()];
  const drops = perUnit.map((u) => u.original - (mean(u.variants) ?? 0));
  return {
    cases: new Set(compared.map((p) => p.unit)).size,
    variants: compared.length,
    errors: pairs.filter((p) => p.variant.error).length,
    originalMeanScore: mean(perUnit.map((u) => u.original)),
    // Each original's variants averaged first, as in the drop: original mean − variant mean = the drop's estimate.
    variantMeanScore: mean(perUnit.map((u) => mean(u.variants) ?? 0)),
    scoreDrop: drops.length === 0 ? null : bootstrapMeanCi(drops),
    answerConsistency: agreement(
      compared.flatMap((p) => (p.original.answer === null || p.variant.answer === null ? [] : [p.original.answer === p.variant.answer])),
    ),
    passConsistency: agreement(
      compared.flatMap((p) => (p.original.passed === null || p.variant.passed === null ? [] : [p.original.passed === p.variant.passed])),
    ),
  };
}

/**
 * Per model, how much the perturbed variants change the outcome: the score drop from each
 * original to its variants (paired by case and repetition, bootstrap 95% interval) and how often
 * a variant gives the same answer and the same pass or fail, overall and per perturbation. Pass
 * and fail are the scorers' own, before review, so original and variant are judged alike.
 */
export function summarizeRobustness(
  run: StoredRun,
  results: readonly CaseResult[],
  scores: ReadonlyMap<string, CaseScore[]>,
  models: readonly { modelKey: string; label: string }[],
): RobustnessSummary | undefined {
  const options = run.spec.robustness;
  if (options === undefined) return undefined;
  const cases = new Map<string, RunCase>(run.cases.map((c) => [c.id, c]));
  const answerOf = (r: CaseResult, testCase: RunCase): Answer => {
    if (r.error !== null || r.output === null) return { error: true, score: null, passed: null, answer: null };
    const overall = overallScore(scores.get(resultKey(r.modelKey, r.caseId, r.repetition)) ?? []);
    return { error: false, score: overall.score, passed: overall.passed, answer: comparableAnswer(r.output, testCase) };
  };
  return {
    seed: options.seed,
    perturbations: options.perturbations,
    variantsPerKind: options.variantsPerKind,
    variantCases: run.cases.filter((c) => c.variantOf !== undefined).length,
    models: models.map(({ modelKey, label }) => {
      const mine = results.filter((r) => r.modelKey === modelKey);
      const originals = new Map<string, Answer>();
      for (const r of mine) {
        const testCase = cases.get(r.caseId);
        if (testCase !== undefined && testCase.variantOf === undefined)
          originals.set(`${r.caseId}\u0000${r.repetition}`, answerOf(r, testCase));
      }
      const pairs: Pair[] = mine.flatMap((r) => {
        const testCase = cases.get(r.caseId);
        if (testCase?.variantOf === undefined || testCase.perturbation === undefined) return [];
        const unit = `${testCase.variantOf}\u0000${r.repetition}`;
        const original = originals.get(unit);
        return original === undefined ? [] : [{ unit, kind: testCase.perturbation, original, variant: answerOf(r, testCase) }];
      });
      return {
        modelKey,
        label,
        overall: figures(pairs),
        byKind: options.perturbations.map((kind) => ({ kind, ...figures(pairs.filter((p) => p.kind === kind)) })),
      };
    }),
  };
}
