import type { ScoredResult } from '../../stores/compareTypes';

/** "1.24 s · 38.2 tok/s · 24 tok": what a result took, in one line. */
export function timingText(result: Pick<ScoredResult, 'timings' | 'cachedFrom'>): string {
  const t = result.timings;
  if (t === null) return 'no timings';
  const parts = [t.totalMs >= 1000 ? `${(t.totalMs / 1000).toFixed(2)} s` : `${Math.round(t.totalMs)} ms`];
  if (t.generationTokensPerSecond !== null) parts.push(`${t.generationTokensPerSecond.toFixed(1)} tok/s`);
  parts.push(`${t.generatedTokens} tok`);
  if (result.cachedFrom != null) parts.push('cached');
  return parts.join(' · ');
}
