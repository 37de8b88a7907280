import {
  SESSION_CHECK_PATH,
  TOKEN_HEADER,
  type ConnectionState,
  type EventMessage,
  type RawBridge,
  type WsClientMessage,
  type WsServerMessage,
} from '../../../shared/bridge';
import { fail, type ApiResult } from '../../../shared/result';
import { connectionProblem } from './connectionMessages';

const TOKEN_KEY = 'evalbench.token';
const RECONNECT_DELAYS_MS = [250, 500, 1000, 2000, 5000];

/** What the bridge needs from the browser besides the address; tests pass fakes. */
export interface BridgeEnvironment {
  WebSocket: typeof WebSocket;
  fetch: typeof fetch;
  /** How often the tab pings the host. Default 2 s. */
  heartbeatMs?: number;
  /** Silence after which the host counts as gone, even if the socket looks open. Default 4.5 s. */
  heartbeatTimeoutMs?: number;
}

type TokenCheck = 'valid' | 'stale' | 'unreachable';

/**
 * Client side of the headless host's WebSocket. The token arrives once in the address
 * (`?token=…`); it is moved to session storage and out of the address bar so it does not end up
 * in history or screenshots, and a reload of the tab still works. A heartbeat notices a host that
 * died within seconds; a lost tab asks the host whether its token is still valid, so that after
 * a restart it can say so instead of waiting forever.
 */
export function createWebSocketBridge(
  location: Location,
  history: History,
  storage: Storage,
  env: BridgeEnvironment = { WebSocket, fetch: (...args) => fetch(...args) },
): RawBridge {
  const fromUrl = new URLSearchParams(location.search).get('token');
  if (fromUrl !== null) {
    storage.setItem(TOKEN_KEY, fromUrl);
    const url = new URL(location.href);
    url.searchParams.delete('token');
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
  }
  const token = storage.getItem(TOKEN_KEY);
  const heartbeatMs = env.heartbeatMs ?? 2000;
  const heartbeatTimeoutMs = env.heartbeatTimeoutMs ?? 4500;
  const listeners = new Set<(message: EventMessage) => void>();
  const pending = new Map<number, (result: ApiResult<unknown>) => void>();
  const outbox: string[] = [];
  const stateListeners = new Set<(state: ConnectionState) => void>();
  const reconnectListeners = new Set<() => void>();
  let nextId = 1;
  let socket: WebSocket | undefined;
  let attempt = 0;
  let lostConnection = false;
  let state: ConnectionState = token === null ? 'no-token' : 'connecting';

  const origin = `${location.protocol}//${location.host}`;
  const endpoint = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api?token=${encodeURIComponent(token ?? '')}`;

  function setState(next: ConnectionState): void {
    if (next === state) return;
    state = next;
    for (const listener of stateListeners) listener(next);
  }

  function refusal(): ApiResult<unknown> {
    const problem = connectionProblem(state) ?? connectionProblem('lost');
    return fail('unavailable', problem?.message ?? '', problem?.hint);
  }

  function connect(): void {
    const ws = new env.WebSocket(endpoint);
    socket = ws;
    let lastHeard = Date.now();
    let pingId = 1;
    let heartbeat: ReturnType<typeof setInterval> | undefined;

    // Runs once per socket, on its close or on a heartbeat that went unanswered (a dead host may
    // never deliver the close).
    const gone = (): void => {
      if (socket !== ws) return;
      socket = undefined;
      clearInterval(heartbeat);
      lostConnection = true;
      setState('lost');
      // Requests already sent (or waiting to be) will never be answered by this socket.
      outbox.length = 0;
      for (const [id, resolve] of pending) {
        resolve(
          fail(
            'unavailable',
            'Lost the connection to the Evalbench host before it answered.',
            'Check that `evalbench serve` is still running, then retry.',
          ),
        );
        pending.delete(id);
      }
      scheduleReconnect();
    };

    ws.addEventListener('open', () => {
      attempt = 0;
      lastHeard = Date.now();
      heartbeat = setInterval(() => {
        if (Date.now() - lastHeard > heartbeatTimeoutMs) {
          ws.close();
          gone();
          return;
        }
        const ping: WsClientMessage = { kind: 'evalbench:ping', id: pingId++ };
        ws.send(JSON.stringify(ping));
      }, heartbeatMs);
      for (const message of outbox.splice(0)) ws.send(message);
      setState('connected');
      if (lostConnection) {
        lostConnection = false;
        for (const listener of reconnectListeners) listener();
      }
    });
    ws.addEventListener('message', (event: MessageEvent<string>) => {
      lastHeard = Date.now();
      const message = JSON.parse(event.data) as WsServerMessage;
      if (message.kind === 'evalbench:pong') return;
      if (message.kind === 'evalbench:result') {
        pending.get(message.id)?.(message.result);
        pending.delete(message.id);
      } else {
        const { event: name, epoch, seq, payload } = message;
        for (const listener of listeners) listener({ event: name, epoch, seq, payload });
      }
    });
    ws.addEventListener('close', gone);
  }

  function scheduleReconnect(): void {
    const delay = state === 'stale-token' ? 5000 : (RECONNECT_DELAYS_MS[Math.min(attempt, RECONNECT_DELAYS_MS.length - 1)] ?? 5000);
    attempt += 1;
    setTimeout(() => {
      void checkToken().then((check) => {
        if (check === 'valid') return connect();
        setState(check === 'stale' ? 'stale-token' : 'lost');
        scheduleReconnect();
      });
    }, delay);
  }

  async function checkToken(): Promise<TokenCheck> {
    try {
      const response = await env.fetch(`${origin}${SESSION_CHECK_PATH}`, {
        headers: { [TOKEN_HEADER]: token ?? '' },
        cache: 'no-store',
        signal: AbortSignal.timeout(3000),
      });
      return response.status === 401 ? 'stale' : 'valid';
    } catch {
      return 'unreachable';
    }
  }

  if (token !== null) connect();

  return {
    invoke(name, input) {
      // Waiting would leave the page spinning; a lost host gets the banner and a clear refusal.
      if (state === 'no-token' || state === 'stale-token' || state === 'lost') return Promise.resolve(refusal());
      const id = nextId++;
      const request: WsClientMessage = { kind: 'evalbench:invoke', id, call: name, input };
      const text = JSON.stringify(request);
      return new Promise((resolve) => {
        pending.set(id, resolve);
        if (socket?.readyState === env.WebSocket.OPEN) socket.send(text);
        else outbox.push(text);
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onReconnect(listener) {
      reconnectListeners.add(listener);
      return () => reconnectListeners.delete(listener);
    },
    connectionState: () => state,
    onConnectionChange(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
  };
}
