/**
 * What every scorer returns for one model output.
 *
 * A scorer never throws because the model got it wrong: that is `passed: false`. It throws only
 * when the check itself cannot run (a malformed regex or schema in the test set), so the harness
 * can show "error" apart from "failed".
 */
export interface ScoreResult<Details extends object = Record<string, unknown>> {
  /** The score on the scorer's documented scale: 0–1 unless the scorer says otherwise (BLEU and chrF are 0–100). */
  score: number;
  /** Whether the output passes the check (for graded scorers, whether it reaches the threshold). */
  passed: boolean;
  /** One or two sentences for a person: what was expected, what was found or extracted. */
  explanation: string;
  /** Machine-readable particulars (what matched, where, what was extracted). */
  details?: Details;
}
