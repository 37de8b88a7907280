import type { CallOutput, ReviewLabel } from '../../../../shared/api';
import { overallScore } from '../../../../shared/scoring/overallScore';

/** A case at least one model failed (or could not run), as the hand-picked list shows it. */
export interface FailingCase {
  caseId: string;
  /** The start of what the models were asked, on one line. */
  prompt: string;
  /** Labels of the models that failed it, in run order. */
  models: string[];
  /** Whether a person labelled one of its failed answers. */
  reviewed: boolean;
}

const key = (r: { modelKey: string; caseId: string; repetition: number }): string => `${r.modelKey}\u0000${r.caseId}\u0000${r.repetition}`;

/** The cases of a run with a failed answer: the scorers' verdict, a reviewer's pass or fail winning, or a harness error. */
export function failingCases(
  detail: CallOutput<'runs.get'>,
  results: CallOutput<'runs.results'>,
  labels: readonly ReviewLabel[],
  modelLabels: readonly string[],
): FailingCase[] {
  const byKey = new Map(labels.map((l) => [key(l), l]));
  const failed = new Map<string, { models: Set<number>; reviewed: boolean }>();
  for (const r of results) {
    const label = byKey.get(key(r));
    const passed = label?.verdict === 'pass' ? true : label?.verdict === 'fail' ? false : overallScore(r.scores).passed;
    if (r.error === null && passed !== false) continue;
    const entry = failed.get(r.caseId) ?? { models: new Set<number>(), reviewed: false };
    entry.models.add(Number(/^m(\d+):/.exec(r.modelKey)?.[1] ?? -1));
    entry.reviewed ||= label !== undefined;
    failed.set(r.caseId, entry);
  }
  return detail.cases.flatMap((c) => {
    const entry = failed.get(c.id);
    if (entry === undefined) return [];
    const text = c.input.kind === 'completion' ? c.input.prompt : c.input.messages.map((m) => m.content).join(' · ');
    return [
      {
        caseId: c.id,
        prompt: text.replace(/\s+/g, ' ').slice(0, 120),
        models: [...entry.models].sort((a, b) => a - b).map((i) => modelLabels[i] ?? `model ${i + 1}`),
        reviewed: entry.reviewed,
      },
    ];
  });
}
