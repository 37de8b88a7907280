import type { RawBridge } from '../../../shared/bridge';
import { createWebSocketBridge } from './webSocketBridge';

/**
 * Picks the transport once: the preload's `window.evalbench` inside Electron, otherwise the
 * WebSocket bridge of `evalbench serve`. This is the only place that looks at `window.evalbench`.
 */
export function connectBridge(): RawBridge {
  const exposed = (window as unknown as { evalbench?: RawBridge }).evalbench;
  if (exposed !== undefined) return exposed;
  return createWebSocketBridge(window.location, window.history, window.sessionStorage);
}
