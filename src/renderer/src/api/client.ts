import { calls, events, isOutputFromStore, type CallName, type EventPayload } from '../../../shared/api';
import type { EvalbenchClient, RawBridge } from '../../../shared/bridge';
import { fail, type ApiResult } from '../../../shared/result';

/** The typed client every store uses. Results are checked against the contract on arrival. */
export function createClient(bridge: RawBridge): EvalbenchClient {
  return {
    async call(name, input) {
      let raw: unknown;
      try {
        raw = await bridge.invoke(name, input);
      } catch (error) {
        return fail('unavailable', `Could not reach Evalbench: ${error instanceof Error ? error.message : String(error)}`);
      }
      return checkResult(name, raw) as never;
    },
    pathForFile(file) {
      // Electron answers "" for a file that is not on disk (dragged from a web page).
      const found = bridge.pathForFile?.(file);
      return found === undefined || found === '' ? null : found;
    },
    onReconnect(listener) {
      return bridge.onReconnect?.(listener) ?? (() => undefined);
    },
    connectionState() {
      return bridge.connectionState?.() ?? 'connected';
    },
    onConnectionChange(listener) {
      return bridge.onConnectionChange?.(listener) ?? (() => undefined);
    },
    on(name, listener) {
      // Per subscription: every listener sees every event once, in order.
      let epoch: string | null = null;
      let lastSeq = 0;
      return bridge.subscribe((message) => {
        if (message.event !== name) return;
        if (message.epoch !== epoch) {
          epoch = message.epoch;
          lastSeq = 0;
        }
        // Drop a delta older than one already applied.
        if (message.seq <= lastSeq) return;
        lastSeq = message.seq;
        const parsed = events[name].safeParse(message.payload);
        if (parsed.success) listener(parsed.data as EventPayload<typeof name>);
      });
    },
  };
}

function checkResult(name: CallName, raw: unknown): ApiResult<unknown> {
  if (typeof raw !== 'object' || raw === null || !('ok' in raw)) {
    return fail('internal', `${name} returned something that is not an API result.`);
  }
  const result = raw as ApiResult<unknown>;
  if (!result.ok) return result;
  const spec = calls[name];
  if (isOutputFromStore(name)) {
    // Tens of thousands of stored results: checking a sample catches a main of another version
    // (every element has the same shape) without blocking the page for a second per answer.
    const sampled = spec.output.safeParse(sample(result.value));
    return sampled.success ? result : fail('internal', `${name} returned a result the renderer does not understand; reload the window.`);
  }
  const parsed = spec.output.safeParse(result.value);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : fail('internal', `${name} returned a result the renderer does not understand; reload the window.`);
}

/** The value with every array cut to its first and last elements, for a spot check of its shape. */
function sample(value: unknown): unknown {
  if (Array.isArray(value)) return (value.length > 2 ? [value[0], value.at(-1)] : value).map(sample);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, sample(v)]));
}

let client: EvalbenchClient | undefined;

/** The app-wide client; tests install a fake one with `setClient`. */
export function getClient(): EvalbenchClient {
  if (client === undefined) throw new Error('The Evalbench client was used before it was set up.');
  return client;
}

export function setClient(next: EvalbenchClient): void {
  client = next;
}
