import type { FigureSource } from '../../../../shared/remoteModel';
import { formatBytes } from '../formatters';
import type { ScoredResult } from '../../stores/compareTypes';

const SOURCE_WORDS: Record<FigureSource, string> = {
  'measured-locally': 'measured here, network included',
  'reported-by-server': 'reported by the server',
  estimated: 'estimated',
  unknown: 'unknown',
};

/**
 * The memory line of a result: a local model's worker figure; for a remote model the server's own
 * figure when it sent one (an evalbench worker does), else "unknown", never a zero.
 */
export function memoryText(result: ScoredResult): string {
  if (result.endpoint === null) return result.memory === null ? '—' : formatBytes(result.memory.peakRssBytes);
  if (result.memory === null || result.provenance?.peakRssBytes === 'unknown') return 'unknown (remote)';
  return `${formatBytes(result.memory.peakRssBytes)} (${SOURCE_WORDS[result.provenance?.peakRssBytes ?? 'reported-by-server']})`;
}

/** For a remote model's result: the endpoint that answered, and where its timings and token counts came from. */
export function RemoteFacts({ result }: { result: ScoredResult }) {
  if (result.endpoint === null) return null;
  const p = result.provenance;
  return (
    <>
      <dt>Endpoint</dt>
      <dd className="endpoint-name">
        <code>{result.endpoint}</code>
      </dd>
      {p !== null && (
        <>
          <dt>Figures</dt>
          <dd className="muted">
            timings {SOURCE_WORDS[p.totalMs]}; tokens {SOURCE_WORDS[p.generatedTokens]}
            {p.timeToFirstTokenMs !== p.totalMs ? `; first token ${SOURCE_WORDS[p.timeToFirstTokenMs]}` : ''}
          </dd>
        </>
      )}
    </>
  );
}
