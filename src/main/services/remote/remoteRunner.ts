import type { GenerationResult, WorkerMemory } from '../../../shared/engine';
import type { LoadedRunner, ModelRunner } from '../runs/ModelRunner';
import { RemoteEngine, type RemoteEngineDeps } from './RemoteEngine';
import type { RemoteEngineConfigInput } from './RemoteEngineConfig';
import { RemoteEngineError } from './RemoteEngineError';
import type { RemoteGenerationResult } from './RemoteGenerationResult';

/** A remote model a run can use, under the id the run's spec names it by. */
export interface RemoteEndpoint {
  /** The model id in run specs, e.g. `remote:gpu-box/qwen-q4`. */
  id: string;
  /** Display name; default `<model> @ <base URL>`. */
  name?: string;
  config: RemoteEngineConfigInput;
}

/** A run's result from a remote model: the local shape, plus everything the remote client knew. */
export type RemoteRunnerResult = GenerationResult & { remote: RemoteGenerationResult };

/**
 * Runs the endpoints' models over their OpenAI-compatible APIs, and hands any other id to
 * `fallback` (the engine runner), so one run can mix local and remote models. Remote models
 * have no local process (`pid` undefined) and no load record (`info` null); `load` only checks
 * that the endpoint answers and accepts the key, and the load options are the server's business.
 * One `RemoteEngine` per endpoint lives as long as the runner, so its concurrency limit holds
 * across loads.
 */
export function remoteRunner(endpoints: readonly RemoteEndpoint[], options: { fallback?: ModelRunner; deps?: RemoteEngineDeps } = {}): ModelRunner {
  const byId = new Map(endpoints.map((e) => [e.id, e]));
  const engines = new Map<string, RemoteEngine>();
  const engineFor = (endpoint: RemoteEndpoint): RemoteEngine => {
    let engine = engines.get(endpoint.id);
    if (engine === undefined) {
      engine = new RemoteEngine(endpoint.config, options.deps);
      engines.set(endpoint.id, engine);
    }
    return engine;
  };
  const unknown = (modelId: string): Error =>
    new RemoteEngineError('config', `No remote endpoint is configured for model "${modelId}" (known: ${[...byId.keys()].join(', ') || 'none'}); add it to the remote endpoints or pick a library model.`);

  return {
    name(modelId) {
      const endpoint = byId.get(modelId);
      if (endpoint === undefined) {
        if (options.fallback) return options.fallback.name(modelId);
        throw unknown(modelId);
      }
      return endpoint.name ?? `${endpoint.config.model} @ ${engineFor(endpoint).endpoint}`;
    },
    async load(modelId, loadOptions): Promise<LoadedRunner> {
      const endpoint = byId.get(modelId);
      if (endpoint === undefined) {
        if (options.fallback) return options.fallback.load(modelId, loadOptions);
        throw unknown(modelId);
      }
      const engine = engineFor(endpoint);
      await engine.listModels();
      return {
        pid: undefined,
        info: null,
        generate: async (input, params, { signal, onText }) =>
          asRunnerResult(await engine.generate(input, params, { signal, ...(onText ? { onText } : {}) })),
        unload: () => Promise.resolve(),
      };
    },
  };
}

/**
 * Fits a remote result into today's `GenerationResult`, which has no room for unknowns. A
 * figure that is unknown is never replaced by a zero: memory the server did not report goes
 * through as null, which the store's `CaseResult.memory` already accepts (the one place the
 * static type is stretched, until `GenerationResult` carries provenance); a prompt-token count
 * the server did not report fails the case, because the stored timings require one.
 */
function asRunnerResult(remote: RemoteGenerationResult): RemoteRunnerResult {
  const { timings } = remote;
  if (timings.promptTokens === null) {
    throw new RemoteEngineError(
      'protocol',
      `${remote.endpoint} did not report how many prompt tokens it used (usage.prompt_tokens), and a run does not store an invented count; use a server version that sends usage when asked with stream_options.include_usage.`,
    );
  }
  const { peakRssBytes, rssBytes, vramUsedBytes } = remote.memory;
  const memory: WorkerMemory | null =
    peakRssBytes !== null && rssBytes !== null && remote.provenance.vramUsedBytes !== 'unknown' ? { peakRssBytes, rssBytes, vramUsedBytes } : null;
  return {
    text: remote.text,
    stopReason: remote.stopReason,
    timings: { ...timings, promptTokens: timings.promptTokens },
    memory: memory as WorkerMemory,
    remote,
  };
}
