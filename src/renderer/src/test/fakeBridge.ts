import type { CallName, CallOutput } from '../../../shared/api';
import type { ConnectionState, EventMessage, RawBridge } from '../../../shared/bridge';
import type { ApiResult } from '../../../shared/result';

type Answers = { [N in CallName]?: (input: unknown) => ApiResult<CallOutput<N>> };

/** A RawBridge whose answers the test decides, recording every call and able to push events. */
export function fakeBridge(answers: Answers) {
  const listeners = new Set<(m: EventMessage) => void>();
  const calls: { name: string; input: unknown }[] = [];
  const reconnectListeners = new Set<() => void>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  let connection: ConnectionState = 'connected';
  const bridge: RawBridge = {
    invoke(name, input) {
      calls.push({ name, input });
      const answer = (answers as Record<string, ((input: unknown) => unknown) | undefined>)[name];
      return Promise.resolve(answer ? answer(input) : { ok: false, error: { code: 'unknown_call', message: `fake has no ${name}` } });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onReconnect(listener) {
      reconnectListeners.add(listener);
      return () => reconnectListeners.delete(listener);
    },
    connectionState: () => connection,
    onConnectionChange(listener) {
      connectionListeners.add(listener);
      return () => connectionListeners.delete(listener);
    },
  };
  return {
    bridge,
    calls,
    /** Pushes an event as main would; one host start (`epoch`) unless the test says otherwise. */
    emit(message: Omit<EventMessage, 'epoch'> & { epoch?: string }) {
      for (const l of listeners) l({ epoch: 'host-1', ...message });
    },
    reconnect() {
      for (const l of reconnectListeners) l();
    },
    /** Moves the connection to `state`, as the WebSocket bridge would on a lost host or a stale token. */
    setConnection(state: ConnectionState) {
      connection = state;
      for (const l of connectionListeners) l(state);
    },
  };
}

export const appInfo: CallOutput<'app.info'> = {
  name: 'Evalbench',
  version: '9.9.9',
  dataDir: '/home/tester/.config/Evalbench',
  storeSchemaVersion: 1,
  host: 'browser',
  platform: 'linux',
  arch: 'x64',
  nodeVersion: '20.20.2',
  electronVersion: null,
  physicalCores: 4,
};
