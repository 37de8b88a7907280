import type { EventMessage, RawBridge, WsRequest, WsServerMessage } from '../../../shared/bridge';
import { fail, type ApiResult } from '../../../shared/result';

const TOKEN_KEY = 'evalbench.token';
const RECONNECT_DELAYS_MS = [250, 500, 1000, 2000, 5000];

/**
 * Client side of the headless host's WebSocket. The token arrives once in the address
 * (`?token=…`); it is moved to session storage and out of the address bar so it does not end up
 * in history or screenshots, and a reload of the tab still works.
 */
export function createWebSocketBridge(location: Location, history: History, storage: Storage): RawBridge {
  const fromUrl = new URLSearchParams(location.search).get('token');
  if (fromUrl !== null) {
    storage.setItem(TOKEN_KEY, fromUrl);
    const url = new URL(location.href);
    url.searchParams.delete('token');
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
  }
  const token = storage.getItem(TOKEN_KEY);
  const listeners = new Set<(message: EventMessage) => void>();
  const pending = new Map<number, (result: ApiResult<unknown>) => void>();
  const outbox: string[] = [];
  let nextId = 1;
  let socket: WebSocket | undefined;
  let attempt = 0;
  let lostConnection = false;
  const reconnectListeners = new Set<() => void>();

  const endpoint = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api?token=${encodeURIComponent(token ?? '')}`;

  function connect(): void {
    const ws = new WebSocket(endpoint);
    socket = ws;
    ws.addEventListener('open', () => {
      attempt = 0;
      for (const message of outbox.splice(0)) ws.send(message);
      if (lostConnection) {
        lostConnection = false;
        for (const listener of reconnectListeners) listener();
      }
    });
    ws.addEventListener('message', (event: MessageEvent<string>) => {
      const message = JSON.parse(event.data) as WsServerMessage;
      if (message.kind === 'evalbench:result') {
        pending.get(message.id)?.(message.result);
        pending.delete(message.id);
      } else {
        const { event: name, epoch, seq, payload } = message;
        for (const listener of listeners) listener({ event: name, epoch, seq, payload });
      }
    });
    ws.addEventListener('close', () => {
      socket = undefined;
      lostConnection = true;
      // Requests already sent will never be answered by this socket.
      for (const [id, resolve] of pending) {
        resolve(fail('unavailable', 'Lost the connection to the Evalbench host before it answered.', 'Check that `evalbench serve` is still running, then retry.'));
        pending.delete(id);
      }
      const delay = RECONNECT_DELAYS_MS[Math.min(attempt, RECONNECT_DELAYS_MS.length - 1)] ?? 5000;
      attempt += 1;
      setTimeout(connect, delay);
    });
  }

  if (token !== null) connect();

  return {
    invoke(name, input) {
      if (token === null) {
        return Promise.resolve(
          fail('unavailable', 'This page was opened without its access token.', 'Open the full address that `evalbench serve` printed, including ?token=….'),
        );
      }
      const id = nextId++;
      const request: WsRequest = { kind: 'evalbench:invoke', id, call: name, input };
      const text = JSON.stringify(request);
      return new Promise((resolve) => {
        pending.set(id, resolve);
        if (socket?.readyState === WebSocket.OPEN) socket.send(text);
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
  };
}
