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
    return { done: mine, total: perModel, state: mine >= perModel && perModel > 0 ? 'done' : mine > 0 || done === i * perModel ? 'running' : 'waiting' };
  });
}

/** "1 h 2 min", "3 min 5 s", "12 s". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/** The output the live view shows: one case's text so far, and its time to first token. */
export interface LiveOutput {
  model: string;
  caseKey: string;
  caseId: string;
  repetition: number;
  text: string;
  ttftMs: number;
}

/** The live view keeps the end of a long output: enough to read, not a whole book in the DOM. */
export const LIVE_OUTPUT_MAX_CHARS = 4000;

/**
 * Follows a run's streamed output: a case's first piece starts the text again, its later pieces
 * are appended. With several cases at once (throughput mode), the newest case is followed and
 * pieces of the others are left out, so their texts do not interleave.
 */
export function followOutput(current: LiveOutput | undefined, piece: { model: string; modelKey: string; caseId: string; repetition: number; first: boolean; text: string; ttftMs: number }): LiveOutput | undefined {
  const caseKey = `${piece.modelKey}\u0000${piece.caseId}\u0000${piece.repetition}`;
  if (piece.first) return { model: piece.model, caseKey, caseId: piece.caseId, repetition: piece.repetition, text: piece.text.slice(-LIVE_OUTPUT_MAX_CHARS), ttftMs: piece.ttftMs };
  if (current?.caseKey !== caseKey) return current;
  return { ...current, text: (current.text + piece.text).slice(-LIVE_OUTPUT_MAX_CHARS) };
}
