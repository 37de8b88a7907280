import { endpointName, type RemoteApi, type RemoteEndpointSpec, type RemoteModelSpec } from '../../../shared/remoteModel';
import { describe, paramsFor, streamTo, type CasesContext, type WorkItem } from '../runs/caseWork';
import { caseGeneration } from './caseGeneration';
import type { ChoiceScorer } from '../loglikelihood/ChoiceScorer';
import { remoteChoiceScorer } from '../loglikelihood/remoteChoiceScorer';
import { scoreChoiceCase } from '../loglikelihood/scoreChoiceCase';
import { RemoteEngine, type RemoteEngineDeps } from './RemoteEngine';
import type { RemoteEngineConfigInput } from './RemoteEngineConfig';
import { RemoteEngineError } from './RemoteEngineError';
import { optionalFields } from '../../../shared/optionalFields';

/** API keys kept by the desktop app in the system keychain, by name. */
export interface ApiKeyLookup {
  get(name: string): Promise<string | null>;
}

/** What remote models need from their surroundings; tests replace `fetch` and `env`. */
export interface RemoteCasesDeps extends RemoteEngineDeps {
  /** Absent headless: `apiKeyName` then fails with a pointer to `apiKeyEnv`. */
  apiKeys?: ApiKeyLookup;
}

/** What a remote model's cases need beyond the run's: its endpoints and how to reach them. */
export interface RemoteCasesContext extends CasesContext {
  remote: RemoteModelSpec;
  deps?: RemoteCasesDeps;
  /** An endpoint was given up (unusable settings, refused key, nothing listening, died mid-run). */
  onEndpointDown?: (endpoint: string, reason: string) => void;
}

interface Endpoint {
  name: string;
  engine: RemoteEngine | null;
  /** How this endpoint scores log-likelihood cases (see `remoteChoiceScorer`); null while it has no engine. */
  choiceScorer: ChoiceScorer | null;
  capacity: number;
  busy: number;
  /** Why the endpoint is no longer used; null while it is. */
  down: string | null;
}

/**
 * Runs one remote model's pending cases, shared among its endpoints by their free capacity
 * (each endpoint's `concurrency`). An endpoint that cannot be reached, refuses the key, or dies
 * mid-run (connection refused, reset or cut after the client's own retries) is given up, and
 * its unfinished cases go back to the queue for the others; when none is left, the remaining
 * cases become errors that say why. A case the server refuses, or that times out, is an error
 * with the server's words, and the run goes on. Every case ends exactly once: in the queue, on
 * one endpoint, or with its result.
 */
export async function runRemoteModelCases(ctx: RemoteCasesContext): Promise<void> {
  const endpoints = await Promise.all(ctx.remote.endpoints.map((spec) => open(spec, ctx.remote.api, ctx.deps ?? {})));
  const giveUp = (endpoint: Endpoint, reason: string): void => {
    if (endpoint.down !== null) return;
    endpoint.down = reason;
    ctx.onEndpointDown?.(endpoint.name, reason);
  };
  for (const endpoint of endpoints) if (endpoint.down !== null) ctx.onEndpointDown?.(endpoint.name, endpoint.down);
  await Promise.all(endpoints.map((endpoint) => check(endpoint, ctx.options.signal, giveUp)));
  if (!ctx.stopped()) await warmUp(ctx, endpoints);

  const queue: WorkItem[] = [...ctx.items];
  const running = new Set<Promise<void>>();
  const runOne = async (endpoint: Endpoint, engine: RemoteEngine, item: WorkItem): Promise<void> => {
    const params = paramsFor(ctx, item);
    ctx.onStart(item);
    const onText = ctx.options.onText;
    let outcome: Parameters<RemoteCasesContext['onResult']>[2];
    try {
      if (item.testCase.loglikelihood !== undefined) {
        if (endpoint.choiceScorer === null) throw new Error(`${endpoint.name} has no log-likelihood scorer`);
        outcome = {
          result: { ...(await scoreChoiceCase(endpoint.choiceScorer, item.testCase, ctx.options.signal)), endpoint: endpoint.name },
        };
      } else {
        const remote = await engine.generate(item.testCase.input, params, {
          signal: ctx.options.signal,
          ...(onText ? { onText: streamTo(onText, ctx.label, item) } : {}),
        });
        // A case cut short by a pause or cancel is not a result: it runs again on resume.
        if (remote.stopReason === 'cancelled' && ctx.stopped()) return;
        outcome = { result: caseGeneration(remote) };
      }
    } catch (error) {
      if (ctx.stopped()) return;
      if (isEndpointDown(error)) {
        giveUp(endpoint, (error as Error).message);
        queue.unshift(item);
        return;
      }
      outcome = { error: describe(error), endpoint: endpoint.name };
    }
    // Outside the try: a result that cannot be stored fails the run, rather than being stored
    // a second time as this case's error.
    await ctx.onResult(item, params.seed, outcome);
  };

  try {
    while (!ctx.stopped()) {
      for (let endpoint = freest(endpoints); endpoint?.engine != null && queue.length > 0; endpoint = freest(endpoints)) {
        const { engine } = endpoint;
        const item = queue.shift();
        if (item === undefined) break;
        endpoint.busy += 1;
        const task: Promise<void> = runOne(endpoint, engine, item).finally(() => {
          endpoint.busy -= 1;
          running.delete(task);
        });
        running.add(task);
      }
      if (running.size > 0) {
        await Promise.race(running);
        continue;
      }
      if (queue.length === 0) break;
      // Cases left and no endpoint to take them: each becomes an error that says why.
      const reasons = endpoints.map((e) => `${e.name}: ${e.down ?? 'not used'}`).join(' | ');
      const message = `No endpoint of ${ctx.label} is usable, so this case was not run. ${reasons}`;
      for (const item of queue.splice(0))
        await ctx.onResult(item, paramsFor(ctx, item).seed, { error: { kind: 'failed', message, logs: [] } });
    }
  } finally {
    // Also when storing a result failed: no request is left running behind the caller's back.
    await Promise.allSettled(running);
  }
}

async function open(spec: RemoteEndpointSpec, api: RemoteApi, deps: RemoteCasesDeps): Promise<Endpoint> {
  const name = endpointName(spec.baseUrl);
  const endpoint: Endpoint = { name, engine: null, choiceScorer: null, capacity: spec.concurrency, busy: 0, down: null };
  try {
    let apiKey: string | undefined;
    // Without the app's keychain, RemoteEngine refuses apiKeyName itself (resolveApiKey), saying so.
    if (spec.apiKeyName !== undefined && deps.apiKeys !== undefined) {
      apiKey = (await deps.apiKeys.get(spec.apiKeyName)) ?? undefined;
      if (apiKey === undefined)
        throw new RemoteEngineError(
          'config',
          `No API key named "${spec.apiKeyName}" is stored for ${name}; add it under Models → API keys in the desktop app, or fix apiKeyName.`,
        );
    }
    const config: RemoteEngineConfigInput = {
      baseUrl: spec.baseUrl,
      model: spec.model,
      mode: api,
      dialect: spec.dialect,
      timeoutMs: spec.timeoutMs,
      idleTimeoutMs: spec.timeoutMs,
      maxConcurrency: spec.concurrency,
      retries: spec.retries,
      ...optionalFields({ apiKeyEnv: spec.apiKeyEnv, apiKeyName: spec.apiKeyName, apiKey }),
    };
    endpoint.engine = new RemoteEngine(config, deps);
    endpoint.choiceScorer = remoteChoiceScorer(config, deps);
  } catch (error) {
    endpoint.down = error instanceof Error ? error.message : String(error);
  }
  return endpoint;
}

/**
 * Asks each endpoint for its model list before any case goes to it: an address where nothing
 * listens or a key the server refuses shows up once, as the reason the endpoint is not used,
 * instead of once per case. Anything else (a server without `/models`) is left to the cases.
 */
async function check(endpoint: Endpoint, signal: AbortSignal, giveUp: (endpoint: Endpoint, reason: string) => void): Promise<void> {
  if (endpoint.engine === null) return;
  try {
    await endpoint.engine.listModels({ signal });
  } catch (error) {
    if (!(error instanceof RemoteEngineError)) return;
    if (isEndpointDown(error) || error.kind === 'unauthorized' || error.kind === 'forbidden') giveUp(endpoint, error.message);
  }
}

/** Untimed generations on every usable endpoint before the measured ones, as the run asks. */
async function warmUp(ctx: RemoteCasesContext, endpoints: readonly Endpoint[]): Promise<void> {
  const first = ctx.items[0];
  if (first === undefined || ctx.run.spec.warmup === 0) return;
  await Promise.all(
    endpoints.map(async ({ engine, down }) => {
      if (engine === null || down !== null) return;
      for (let w = 0; w < ctx.run.spec.warmup && !ctx.stopped(); w++) {
        await engine.generate(first.testCase.input, paramsFor(ctx, first), { signal: ctx.options.signal }).catch(() => undefined);
      }
    }),
  );
}

/** A failure of the endpoint rather than of the case: it could not be reached, or the connection broke. */
function isEndpointDown(error: unknown): boolean {
  return error instanceof RemoteEngineError && (error.kind === 'network' || error.details.unreachable === true);
}

/** The usable endpoint with the most free slots (the first of equals); null when all are full or down. */
function freest(endpoints: readonly Endpoint[]): Endpoint | null {
  let best: Endpoint | null = null;
  for (const endpoint of endpoints) {
    if (endpoint.down !== null || endpoint.engine === null) continue;
    const free = endpoint.capacity - endpoint.busy;
    if (free > 0 && (best === null || free > best.capacity - best.busy)) best = endpoint;
  }
  return best;
}
