import type { FromWorker, ToWorker } from '../protocol';

export interface ParentConnection {
  send(message: FromWorker): void;
  onMessage(listener: (message: ToWorker) => void): void;
}

interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

/**
 * The worker's line to the engine: Electron's `process.parentPort` in a utility process, Node's
 * IPC channel under `child_process.fork`. The worker exits when the engine goes away, not on a
 * terminal's Ctrl-C.
 */
export function connectToParent(): ParentConnection {
  const port = (process as unknown as { parentPort?: ElectronParentPort }).parentPort;
  if (port !== undefined) {
    return {
      send: (message) => port.postMessage(message),
      onMessage: (listener) => port.on('message', (event) => listener(event.data as ToWorker)),
    };
  }
  const send = process.send?.bind(process);
  if (send === undefined) throw new Error('The inference worker must be started by Evalbench (no IPC channel).');
  process.on('disconnect', () => process.exit(0));
  // A terminal's Ctrl-C reaches the whole process group, this worker included: the engine decides
  // (it cancels the case, which then runs again on resume, or goes away, and the disconnect ends
  // this process). Dying here would store the case under way as a crash.
  process.on('SIGINT', () => undefined);
  return {
    send: (message) => {
      if (process.connected) send(message);
    },
    onMessage: (listener) => process.on('message', (message) => listener(message as ToWorker)),
  };
}
