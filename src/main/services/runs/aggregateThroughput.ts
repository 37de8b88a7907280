import type { CaseResult } from '../../../shared/runs';
import type { AggregateThroughput } from '../../../shared/runSummary';

/**
 * Generated tokens over the wall time of the generation phase: from the first case's start (its
 * finish time less its total time) to the last case's finish. With several cases at once this is
 * what the engine delivered, where per-case tokens/s only says how fast each sequence went.
 * Null when nothing was answered.
 */
export function aggregateThroughput(results: readonly CaseResult[]): AggregateThroughput | null {
  let first = Infinity;
  let last = -Infinity;
  let generatedTokens = 0;
  let answered = 0;
  // A loop, not Math.max(...spans): spreading 10⁵ values overflows the call stack.
  for (const r of results) {
    if (r.error !== null || r.timings === null) continue;
    const end = Date.parse(r.finishedAt);
    first = Math.min(first, end - r.timings.totalMs);
    last = Math.max(last, end);
    generatedTokens += r.timings.generatedTokens;
    answered += 1;
  }
  if (answered === 0) return null;
  const wallSeconds = (last - first) / 1000;
  return { generatedTokens, wallSeconds, tokensPerSecond: wallSeconds > 0 ? generatedTokens / wallSeconds : null };
}
