/** One model's share of a run's progress. */
export interface ModelProgress {
  done: number;
  total: number;
  state: 'waiting' | 'running' | 'done';
}

/**
 * Per-model progress from a run's overall count: the orchestrator runs the models one after
 * another in order (a resumed run finishes earlier models first), so the first `done` results
 * fill the models in turn.
 */
export function perModelProgress(done: number, modelCount: number, perModel: number): ModelProgress[] {
  return Array.from({ length: modelCount }, (_, i) => {
    const mine = Math.max(0, Math.min(perModel, done - i * perModel));
    return {
      done: mine,
      total: perModel,
      state: mine >= perModel && perModel > 0 ? 'done' : mine > 0 || done === i * perModel ? 'running' : 'waiting',
    };
  });
}

/** "1 h 2 min", "3 min 5 s", "12 s". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}
