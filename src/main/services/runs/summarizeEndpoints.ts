import { endpointName, type RemoteModelSpec } from '../../../shared/remoteModel';
import type { CaseResult } from '../../../shared/runs';
import type { EndpointRunSummary } from '../../../shared/runSummary';
import { summarizeSamples } from '../../../shared/stats';

/** The endpoints a run gave up for one model, with the reason, from its environment record. */
export function endpointsDown(environment: unknown, modelKey: string): ReadonlyMap<string, string> {
  const record =
    typeof environment === 'object' && environment !== null && 'endpointsDown' in environment ? environment.endpointsDown : undefined;
  const forModel = typeof record === 'object' && record !== null ? (record as Record<string, unknown>)[modelKey] : undefined;
  if (typeof forModel !== 'object' || forModel === null) return new Map();
  return new Map(Object.entries(forModel).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/**
 * What each endpoint of a remote model answered: its results and errors, and its throughput
 * over its own wall clock (first request sent to last answer received, from each result's
 * finish time less its total time), so that an endpoint serving four requests at once shows
 * four requests' worth of tokens per second. Endpoints that answered nothing are listed too.
 */
export function summarizeEndpoints(
  remote: RemoteModelSpec,
  results: readonly CaseResult[],
  down: ReadonlyMap<string, string>,
): EndpointRunSummary[] {
  const names = [
    ...new Set([
      ...remote.endpoints.map((e) => endpointName(e.baseUrl)),
      ...results.flatMap((r) => (r.endpoint === null ? [] : [r.endpoint])),
    ]),
  ];
  return names.map((endpoint) => {
    const mine = results.filter((r) => r.endpoint === endpoint);
    const answered = mine.filter((r) => r.error === null && r.timings !== null);
    const generatedTokens = answered.reduce((sum, r) => sum + (r.timings?.generatedTokens ?? 0), 0);
    const spans = answered.map((r) => {
      const end = Date.parse(r.finishedAt);
      return { start: end - (r.timings?.totalMs ?? 0), end };
    });
    // A loop, not Math.max(...spans): spreading 10⁵ values overflows the call stack.
    let first = Infinity;
    let last = -Infinity;
    for (const span of spans) {
      first = Math.min(first, span.start);
      last = Math.max(last, span.end);
    }
    const wallMs = spans.length === 0 ? null : last - first;
    const speeds = answered.flatMap((r) => {
      const v = r.timings?.generationTokensPerSecond;
      return typeof v === 'number' && Number.isFinite(v) ? [v] : [];
    });
    return {
      endpoint,
      results: mine.length,
      errors: mine.filter((r) => r.error !== null).length,
      generatedTokens,
      wallSeconds: wallMs === null ? null : wallMs / 1000,
      tokensPerSecond: wallMs === null || wallMs <= 0 ? null : generatedTokens / (wallMs / 1000),
      generationTokensPerSecond: summarizeSamples(speeds),
      down: down.get(endpoint) ?? null,
    };
  });
}
