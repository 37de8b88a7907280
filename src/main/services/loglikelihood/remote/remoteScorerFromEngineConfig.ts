import { RemoteEngineConfig, type RemoteEngineConfigInput } from '../../remote/RemoteEngineConfig';
import type { RemoteEngineDeps } from '../../remote/RemoteEngine';
import { invalidSettings } from '../../remote/invalidSettings';
import type { ChoiceScore, MultipleChoiceItem } from '../multipleChoice';
import { scoreChoicesRemote } from '../scoreChoicesRemote';
import { openRemoteScoring } from './probeLoglikelihood';
import { optionalFields } from '../../../../shared/optionalFields';

/**
 * A log-likelihood scorer for the endpoint a run's remote generations use, from the same
 * settings and dependencies as its `RemoteEngine` (URL, model, dialect, key, timeout, retries):
 * probed on its first item, then `scoreChoicesRemote` for each. Throws a `RemoteEngineError`
 * (`config`) for settings that are invalid, as `new RemoteEngine(config)` does.
 */
export function remoteScorerFromEngineConfig(
  config: RemoteEngineConfigInput,
  deps: RemoteEngineDeps = {},
): (item: Pick<MultipleChoiceItem, 'context' | 'choices'>, options: { signal: AbortSignal }) => Promise<ChoiceScore[]> {
  const parsed = RemoteEngineConfig.safeParse(config);
  if (!parsed.success) throw invalidSettings(config.baseUrl, parsed.error);
  const c = parsed.data;
  const scoring = openRemoteScoring(
    {
      baseUrl: c.baseUrl,
      model: c.model,
      dialect: c.dialect,
      timeoutMs: c.timeoutMs,
      retries: c.retries,
      concurrency: c.maxConcurrency,
      ...optionalFields({ apiKeyEnv: c.apiKeyEnv }),
      ...(c.apiKeyName === undefined || c.apiKeyEnv !== undefined ? {} : { apiKeyName: c.apiKeyName }),
    },
    {
      ...optionalFields({ fetch: deps.fetch, env: deps.env, random: deps.random, apiKey: c.apiKey }),
      backoff: { retryDelayMs: c.retryDelayMs, maxRetryDelayMs: c.maxRetryDelayMs },
    },
  );
  return (item, options) => scoreChoicesRemote(scoring, item, options.signal);
}
