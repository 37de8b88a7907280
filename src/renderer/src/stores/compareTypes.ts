import type { CallOutput } from '../../../shared/api';

/** One stored case result with its scores, as `runs.results` gives it. */
export type ScoredResult = CallOutput<'runs.results'>[number];
/** What `runs.get` gives: a run's spec, cases and environment. */
export type RunDetail = CallOutput<'runs.get'>;
/** A run's case as it was stored when the run was created. */
export type RunCaseView = RunDetail['cases'][number];
/** The run's resource time line, as `runs.telemetry` gives it. */
export type RunTelemetry = CallOutput<'runs.telemetry'>;

/** A model of a run as a column of the grid. */
export interface ModelColumn {
  /** `m<index>:<modelId>`, as results name it. */
  key: string;
  label: string;
  modelId: string;
  index: number;
}

/** The key a review label and a result share within a run. */
export function resultKeyOf(r: { modelKey: string; caseId: string; repetition: number }): string {
  return `${r.modelKey}\u0000${r.caseId}\u0000${r.repetition}`;
}
