import { endpointName } from '../../../shared/remoteModel';
import type { RemoteEngineConfigInput } from '../remote/RemoteEngineConfig';
import type { RemoteEngineDeps } from '../remote/RemoteEngine';
import { RemoteEngineError } from '../remote/RemoteEngineError';
import type { ChoiceScorer } from './ChoiceScorer';

/**
 * How a remote endpoint scores log-likelihood cases. None does yet: every case fails with a
 * message that says so and names the endpoint. This is the seam where a scorer that reads prompt
 * log-probabilities (vLLM `prompt_logprobs`, `echo` with `logprobs`) plugs in, with the same
 * endpoint settings and dependencies the generations use.
 */
export function remoteChoiceScorer(config: RemoteEngineConfigInput, _deps: RemoteEngineDeps): ChoiceScorer {
  const name = endpointName(config.baseUrl);
  return () =>
    Promise.reject(
      new RemoteEngineError('rejected', `${name}: this endpoint cannot score log-likelihood (multiple-choice cases need the log-probabilities of the prompt's own tokens, which Evalbench cannot ask a remote server for yet). Run log-likelihood cases on a local model.`, {}),
    );
}
