import path from 'node:path';
import type { CaseScore, RunCase } from '../../../shared/runs';
import type { ScorerSpec } from '../../../shared/testset/ScorerSpec';
import type { ModelSummary } from '../../../shared/models';
import { resultKey } from '../runs/resultKey';
import type { RunScoresPort } from './RunScoresPort';

/** One scorer on one stored output that waits for a model (a judge, an embedding model). */
export interface PendingScore<S extends ScorerSpec> {
  modelKey: string;
  caseId: string;
  repetition: number;
  scorerIndex: number;
  spec: S;
  testCase: RunCase;
  output: string;
}

/** The scores of `type` in a run that still carry `pendingError`. */
export function pendingScores<T extends ScorerSpec['type']>(
  runs: RunScoresPort,
  runId: string,
  type: T,
  pendingError: string,
): PendingScore<Extract<ScorerSpec, { type: T }>>[] {
  const run = runs.get(runId);
  const cases = new Map(run.cases.map((c) => [c.id, c]));
  const scores = runs.scores(runId);
  const tasks: PendingScore<Extract<ScorerSpec, { type: T }>>[] = [];
  for (const result of runs.results(runId)) {
    if (result.error !== null || result.output === null) continue;
    const testCase = cases.get(result.caseId);
    const stored = scores.get(resultKey(result.modelKey, result.caseId, result.repetition)) ?? [];
    testCase?.scorers.forEach((spec, scorerIndex) => {
      if (spec.type === type && stored[scorerIndex]?.error === pendingError) {
        tasks.push({ ...result, output: result.output ?? '', scorerIndex, spec: spec as Extract<ScorerSpec, { type: T }>, testCase });
      }
    });
  }
  return tasks;
}

/** Replaces one scorer's entry in a stored result's scores. */
export function updateScore(runs: RunScoresPort, runId: string, task: PendingScore<ScorerSpec>, patch: Partial<CaseScore>): void {
  const current = runs.scores(runId).get(resultKey(task.modelKey, task.caseId, task.repetition)) ?? [];
  runs.saveScores(
    runId,
    task.modelKey,
    task.caseId,
    task.repetition,
    current.map((s, i) => (i === task.scorerIndex ? { ...s, ...patch } : s)),
  );
}

/** Groups tasks by the model their scorer names (`model:`), '' for none. */
export function byScorerModel<S extends ScorerSpec & { model?: string | undefined }>(
  tasks: readonly PendingScore<S>[],
): Map<string, PendingScore<S>[]> {
  const groups = new Map<string, PendingScore<S>[]>();
  for (const task of tasks) {
    const name = task.spec.model ?? '';
    groups.set(name, [...(groups.get(name) ?? []), task]);
  }
  return groups;
}

/** A library model by name or path, or why there is none. */
export function findScorerModel(
  library: { list: () => ModelSummary[] },
  name: string,
  role: string,
): { model: ModelSummary } | { problem: string } {
  if (name === '') return { problem: `the ${role} scorer names no model: set \`model:\` to a model in the library` };
  const model = library.list().find((m) => m.name === name || m.path === path.resolve(name));
  return model === undefined ? { problem: `the ${role} model "${name}" is not in the library: add it on the Models page` } : { model };
}
