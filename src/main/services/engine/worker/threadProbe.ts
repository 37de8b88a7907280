import type { ThreadProbe, ThreadTrial } from '../../../../shared/engine';

export { threadCandidates } from '../../../../shared/threadCandidates';

/** A count within this share of the fastest counts as fast as it: fewer threads leave room for other work. */
const TIE_SHARE = 0.95;

/**
 * The order the candidates are timed in: up, then down again (1, 2, 2, 1), so a machine that
 * speeds up or slows down during the probe does not favour the count timed first.
 */
export function probeOrder(candidates: readonly number[]): number[] {
  return [...candidates, ...[...candidates].reverse()];
}

/** The fastest count; among counts within 5 % of it, the fewest threads. */
export function chooseThreads(trials: readonly ThreadTrial[]): number {
  const first = trials[0];
  if (first === undefined) throw new Error('No thread count was timed.');
  const best = Math.max(...trials.map((t) => t.tokensPerSecond));
  const fast = trials.filter((t) => t.tokensPerSecond >= best * TIE_SHARE);
  return Math.min(...fast.map((t) => t.threads));
}

/** What the probe needs from a model: time a short generation with a given number of threads. */
export interface ThreadTimer {
  /** Generated tokens/s of a short greedy generation on a context using `threads`; null under two tokens. */
  time(threads: number): Promise<number | null>;
}

/** A count slower than this share of the best after the first pass is not timed again: it has lost. */
const RETRY_SHARE = 0.5;

/**
 * Times each candidate count in `probeOrder` (up, then down), keeps each count's best speed and
 * chooses with `chooseThreads`. On the way down only counts within half of the best are timed
 * again: a pathological count (threads fighting other load) costs one slow try, not two. A count
 * whose generations all fell short of two tokens is left out.
 */
export async function probeThreads(
  candidates: readonly number[],
  timer: ThreadTimer,
): Promise<Omit<ThreadProbe, 'confirmedTokensPerSecond'>> {
  const best = new Map<number, number>();
  for (const [index, threads] of probeOrder(candidates).entries()) {
    const secondPass = index >= candidates.length;
    const fastest = Math.max(0, ...best.values());
    if (secondPass && (best.get(threads) ?? 0) < fastest * RETRY_SHARE) continue;
    const speed = await timer.time(threads);
    if (speed !== null) best.set(threads, Math.max(speed, best.get(threads) ?? 0));
  }
  const tried = candidates.filter((t) => best.has(t)).map((threads) => ({ threads, tokensPerSecond: best.get(threads) ?? 0 }));
  if (tried.length === 0) throw new Error(`Timing ${candidates.join(', ')} threads gave no generated tokens; set threads explicitly.`);
  return { tried, chosen: chooseThreads(tried) };
}
