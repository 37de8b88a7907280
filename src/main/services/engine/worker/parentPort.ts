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
 * IPC channel under `child_process.fork`. The worker exits when the engine goes away.
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
  return {
    send: (message) => {
      if (process.connected) send(message);
    },
    onMessage: (listener) => process.on('message', (message) => listener(message as ToWorker)),
  };
}
