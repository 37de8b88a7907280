import type { CaseResult, CaseScore, RunCase } from '../../../shared/runs';

/**
 * What post-run scoring (judge, semantic similarity) reads and writes of a run: its cases, its
 * stored outputs, and their scores by result key (`resultKey`). The run store is one; scoring
 * needs nothing else of it.
 */
export interface RunScoresPort {
  get(runId: string): { cases: readonly RunCase[] };
  results(runId: string): readonly Pick<CaseResult, 'modelKey' | 'caseId' | 'repetition' | 'output' | 'error'>[];
  scores(runId: string): ReadonlyMap<string, readonly CaseScore[]>;
  saveScores(runId: string, modelKey: string, caseId: string, repetition: number, scores: readonly CaseScore[]): void;
}
