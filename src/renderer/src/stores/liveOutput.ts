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
export function followOutput(
  current: LiveOutput | undefined,
  piece: { model: string; modelKey: string; caseId: string; repetition: number; first: boolean; text: string; ttftMs: number },
): LiveOutput | undefined {
  const caseKey = `${piece.modelKey}\u0000${piece.caseId}\u0000${piece.repetition}`;
  if (piece.first)
    return {
      model: piece.model,
      caseKey,
      caseId: piece.caseId,
      repetition: piece.repetition,
      text: piece.text.slice(-LIVE_OUTPUT_MAX_CHARS),
      ttftMs: piece.ttftMs,
    };
  if (current?.caseKey !== caseKey) return current;
  return { ...current, text: (current.text + piece.text).slice(-LIVE_OUTPUT_MAX_CHARS) };
}
