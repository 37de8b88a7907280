import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConnectionState } from '../../../shared/bridge';
import { createWebSocketBridge } from './webSocketBridge';

/** A WebSocket the test opens, answers and closes by hand. */
class FakeSocket {
  static readonly OPEN = 1;
  static sockets: FakeSocket[] = [];
  readyState = 0;
  sent: string[] = [];
  private readonly handlers = new Map<string, ((event: unknown) => void)[]>();
  constructor(readonly url: string) {
    FakeSocket.sockets.push(this);
  }
  addEventListener(type: string, handler: (event: unknown) => void): void {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), handler]);
  }
  send(text: string): void {
    this.sent.push(text);
  }
  close(): void {
    this.readyState = 3;
  }
  fire(type: string, event: unknown = {}): void {
    if (type === 'open') this.readyState = 1;
    if (type === 'close') this.readyState = 3;
    for (const handler of this.handlers.get(type) ?? []) handler(event);
  }
  reply(message: unknown): void {
    this.fire('message', { data: JSON.stringify(message) });
  }
}

let fetchStatus: number | 'unreachable';
const fetchCalls: RequestInit[] = [];

function setup() {
  FakeSocket.sockets = [];
  const location = new URL('http://127.0.0.1:47815/?token=tok-1') as unknown as Location;
  const history = { state: null, replaceState: vi.fn() } as unknown as History;
  const store = new Map<string, string>();
  const storage = {
    getItem: (k: string) => store.get(k) ?? null,
    setItem: (k: string, v: string) => store.set(k, v),
  } as unknown as Storage;
  const fakeFetch = ((_url: string, init: RequestInit) => {
    fetchCalls.push(init);
    return fetchStatus === 'unreachable'
      ? Promise.reject(new TypeError('Failed to fetch'))
      : Promise.resolve({ status: fetchStatus } as Response);
  }) as unknown as typeof fetch;
  const bridge = createWebSocketBridge(location, history, storage, {
    WebSocket: FakeSocket as unknown as typeof WebSocket,
    fetch: fakeFetch,
    heartbeatMs: 1000,
    heartbeatTimeoutMs: 2500,
  });
  const states: ConnectionState[] = [];
  bridge.onConnectionChange?.((s) => states.push(s));
  const socket = (): FakeSocket => FakeSocket.sockets.at(-1) as FakeSocket;
  return { bridge, states, socket };
}

beforeEach(() => {
  vi.useFakeTimers();
  fetchStatus = 204;
  fetchCalls.length = 0;
});
afterEach(() => vi.useRealTimers());

describe('WebSocket bridge (client)', () => {
  it('pings the host and counts it lost within seconds when the pongs stop, failing calls at once', async () => {
    const { bridge, states, socket } = setup();
    socket().fire('open');
    expect(bridge.connectionState?.()).toBe('connected');
    await vi.advanceTimersByTimeAsync(1000);
    const ping = JSON.parse(socket().sent.at(-1) ?? '{}') as { kind: string; id: number };
    expect(ping.kind).toBe('evalbench:ping');
    socket().reply({ kind: 'evalbench:pong', id: ping.id });
    const waiting = bridge.invoke('runs.list', {});
    fetchStatus = 'unreachable';
    // The host froze or died without closing the socket: no pong, no close event.
    await vi.advanceTimersByTimeAsync(3500);
    expect(states).toEqual(['connected', 'lost']);
    await expect(waiting).resolves.toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: expect.stringMatching(/Lost the connection/) as string },
    });
    await expect(bridge.invoke('runs.list', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'unavailable', hint: expect.stringMatching(/evalbench serve/) as string },
    });
  });

  it('says the token is stale when a restarted host refuses it', async () => {
    const { bridge, states, socket } = setup();
    socket().fire('open');
    fetchStatus = 401;
    socket().fire('close');
    await vi.advanceTimersByTimeAsync(300);
    expect(fetchCalls.at(-1)?.headers).toEqual({ 'x-evalbench-token': 'tok-1' });
    expect(states).toEqual(['connected', 'lost', 'stale-token']);
    await expect(bridge.invoke('runs.list', {})).resolves.toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/restarted/) as string },
    });
  });

  it('reconnects by itself when the same host comes back, and tells the views to reload', async () => {
    const { bridge, states, socket } = setup();
    const reloads = vi.fn();
    bridge.onReconnect?.(reloads);
    socket().fire('open');
    fetchStatus = 'unreachable';
    socket().fire('close');
    await vi.advanceTimersByTimeAsync(2000);
    expect(FakeSocket.sockets).toHaveLength(1);
    expect(bridge.connectionState?.()).toBe('lost');
    fetchStatus = 204;
    await vi.advanceTimersByTimeAsync(5000);
    expect(FakeSocket.sockets).toHaveLength(2);
    socket().fire('open');
    expect(states.at(-1)).toBe('connected');
    expect(reloads).toHaveBeenCalledTimes(1);
  });
});
