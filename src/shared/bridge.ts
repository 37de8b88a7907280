import type { ApiResult } from './result';
import type { CallInput, CallName, CallOutput, EventName, EventPayload } from './api';

/**
 * What the renderer sees as `window.evalbench` (Electron preload) or builds itself over the
 * WebSocket bridge. Deliberately untyped per call: the typed surface is `EvalbenchClient`.
 */
export interface RawBridge {
  invoke(name: string, input: unknown): Promise<unknown>;
  /** Returns an unsubscribe function. */
  subscribe(listener: (message: EventMessage) => void): () => void;
  /**
   * The path on disk of a file dropped on the window. Only the desktop app can know it; in a
   * browser this is absent and dropped files cannot be added by path.
   */
  pathForFile?(file: File): string;
  /**
   * Called when the connection to the host comes back after a loss; events sent meanwhile are
   * gone, so views reload. Electron's IPC never drops, so it has none.
   */
  onReconnect?(listener: () => void): () => void;
  /** Where the link to the host stands now; absent means always connected (Electron's IPC). */
  connectionState?(): ConnectionState;
  /** Told each time the state changes. */
  onConnectionChange?(listener: (state: ConnectionState) => void): () => void;
}

/**
 * How the renderer's link to the host stands: `lost` while the host does not answer (the tab keeps
 * trying), `stale-token` when a host answers but no longer knows this tab's token (it was
 * restarted), `no-token` when the page was opened without one.
 */
export type ConnectionState = 'connecting' | 'connected' | 'lost' | 'stale-token' | 'no-token';

/**
 * An event as it crosses a transport. `seq` increases per event name within one start of the
 * host (`epoch`), so a stale delta can be dropped and a restarted host is recognised.
 */
export interface EventMessage {
  event: string;
  epoch: string;
  seq: number;
  payload: unknown;
}

/** Typed view of the contract, built on a RawBridge. */
export interface EvalbenchClient {
  call<N extends CallName>(name: N, input: CallInput<N>): Promise<ApiResult<CallOutput<N>>>;
  on<N extends EventName>(name: N, listener: (payload: EventPayload<N>) => void): () => void;
  /** Path of a dropped file in the desktop app; null in a browser, which hides paths. */
  pathForFile(file: File): string | null;
  /** Runs `listener` whenever the connection to the host is back after a loss. */
  onReconnect(listener: () => void): () => void;
  /** Where the link to the host stands; always `connected` in the desktop app. */
  connectionState(): ConnectionState;
  onConnectionChange(listener: (state: ConnectionState) => void): () => void;
}

/** Messages on the WebSocket, client to server. */
export interface WsRequest {
  kind: 'evalbench:invoke';
  id: number;
  call: string;
  input: unknown;
}

/**
 * The client's heartbeat: the host answers each with an `evalbench:pong` of the same id, so a
 * tab notices within seconds when the host has gone (a killed host may never close the socket).
 */
export interface WsPing {
  kind: 'evalbench:ping';
  id: number;
}

/** Messages on the WebSocket, client to server. */
export type WsClientMessage = WsRequest | WsPing;

/** Messages on the WebSocket, server to client. */
export type WsServerMessage =
  | { kind: 'evalbench:result'; id: number; result: ApiResult<unknown> }
  | { kind: 'evalbench:pong'; id: number }
  | ({ kind: 'evalbench:event' } & EventMessage);

/**
 * `GET` this path with the token in the `x-evalbench-token` header: 204 when the token is this
 * host's, 401 when it is not (a tab left open across a restart of `evalbench serve`). A browser
 * cannot read why a WebSocket upgrade was refused, so the tab asks here.
 */
export const SESSION_CHECK_PATH = '/api/session';
export const TOKEN_HEADER = 'x-evalbench-token';
