import type { RunSummary } from '../shared/runSummary';

/**
 * Per-endpoint lines for the remote models of a run: how many results each endpoint answered,
 * its errors, the tokens per second it delivered over its own wall clock, and why one was given
 * up. Empty when the run has no remote model.
 */
export function formatEndpoints(summary: RunSummary): string[] {
  const lines: string[] = [];
  for (const model of summary.models) {
    if (model.endpoints === undefined) continue;
    lines.push(`${model.label}, by endpoint:`);
    for (const e of model.endpoints) {
      const speed = e.tokensPerSecond === null ? '—' : `${e.tokensPerSecond.toFixed(1)} tok/s`;
      const errors = e.errors === 0 ? '' : `, ${e.errors} error${e.errors === 1 ? '' : 's'}`;
      lines.push(
        `  ${e.endpoint}: ${e.results} result${e.results === 1 ? '' : 's'}${errors}, ${speed}${e.down === null ? '' : ` — given up: ${e.down}`}`,
      );
    }
  }
  return lines;
}
