import type { RemoteEngineConfigInput } from '../remote/RemoteEngineConfig';
import type { RemoteEngineDeps } from '../remote/RemoteEngine';
import type { ChoiceScorer } from './ChoiceScorer';
import { LoglikelihoodUnsupportedError } from './remote/LoglikelihoodError';
import { remoteScorerFromEngineConfig } from './remote/remoteScorerFromEngineConfig';
import { RemoteEngineError } from '../remote/RemoteEngineError';

/**
 * How a remote endpoint scores log-likelihood cases: with the endpoint settings and dependencies
 * its generations use, probed once for a way to read the prompt's own log-probabilities (vLLM
 * echo or `prompt_logprobs`, an echoing OpenAI server, llama-server's forced-token probabilities).
 * An endpoint that offers none fails each such case with "<endpoint> cannot score log-likelihood: why".
 * Settings the scorer refuses fail the cases with that reason rather than the whole endpoint,
 * whose generations may still run.
 */
export function remoteChoiceScorer(config: RemoteEngineConfigInput, deps: RemoteEngineDeps): ChoiceScorer {
  try {
    const score = remoteScorerFromEngineConfig(config, deps);
    // "Cannot score" is the endpoint's answer about this case, stored as its failure with the way out;
    // it must not read as an internal error, nor take the endpoint down for its generations.
    return (item, options) =>
      score(item, options).catch((error: unknown) => {
        if (error instanceof LoglikelihoodUnsupportedError) throw new RemoteEngineError('rejected', `${error.message} ${error.hint}`, {});
        throw error;
      });
  } catch (error) {
    const reason = error instanceof Error ? error : new Error(String(error));
    return () => Promise.reject(reason);
  }
}
