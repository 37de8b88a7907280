import type { WorkerMemory } from '../../../shared/engine';
import type { CaseGeneration } from '../runs/caseWork';
import { RemoteEngineError } from './RemoteEngineError';
import type { RemoteGenerationResult } from './RemoteGenerationResult';

/**
 * A remote generation as a run stores it: the endpoint that answered, the source of every
 * figure, and memory only when the server reported all of it (an `evalbench worker` does),
 * null otherwise, never zeros. A prompt-token count the server did not report fails the case
 * instead: the stored timings need one, and a run does not store an invented count.
 */
export function caseGeneration(remote: RemoteGenerationResult): CaseGeneration {
  const { timings, provenance } = remote;
  if (timings.promptTokens === null) {
    throw new RemoteEngineError(
      'protocol',
      `${remote.endpoint} did not report how many prompt tokens it used (usage.prompt_tokens), and a run does not store an invented count; use a server version that sends usage when asked with stream_options.include_usage.`,
    );
  }
  const { peakRssBytes, rssBytes, vramUsedBytes } = remote.memory;
  const memory: WorkerMemory | null =
    peakRssBytes !== null && rssBytes !== null && provenance.vramUsedBytes !== 'unknown' ? { peakRssBytes, rssBytes, vramUsedBytes } : null;
  return {
    text: remote.text,
    stopReason: remote.stopReason,
    timings: { ...timings, promptTokens: timings.promptTokens },
    memory,
    endpoint: remote.endpoint,
    provenance: { ...provenance },
  };
}
