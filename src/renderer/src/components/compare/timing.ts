import type { ScoredResult } from '../../stores/compareTypes';

/** "1.24 s · 38.2 tok/s · 24 tok": what a result took, in one line. */
export function timingText(result: Pick<ScoredResult, 'timings' | 'cachedFrom' | 'loglikelihood'>): string {
  const t = result.timings;
  const ll = result.loglikelihood;
  // Nothing is generated for a log-likelihood case: its figures are the scoring time and P(correct).
  if (t === null && ll !== null) return `scored in ${formatMs(ll.totalMs)} · P(correct) ${ll.probCorrect.toFixed(2)}`;
  if (t === null) return 'no timings';
  const parts = [formatMs(t.totalMs)];
  if (t.generationTokensPerSecond !== null) parts.push(`${t.generationTokensPerSecond.toFixed(1)} tok/s`);
  parts.push(`${t.generatedTokens} tok`);
  if (result.cachedFrom != null) parts.push('cached');
  return parts.join(' · ');
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}
