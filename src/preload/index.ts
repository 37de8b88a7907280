import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';

// Generic bridge: exposes only invoke/subscribe on the contract's two channels. Call names and
// inputs are validated in main, so nothing here is typed per call.
const PREFIX = 'evalbench:';
const INVOKE = `${PREFIX}invoke`;
const EVENT = `${PREFIX}event`;

interface EventMessage {
  event: string;
  seq: number;
  payload: unknown;
}

contextBridge.exposeInMainWorld('evalbench', {
  invoke(name: string, input: unknown): Promise<unknown> {
    if (typeof name !== 'string' || name.includes(':')) {
      return Promise.reject(new Error(`Refusing to send ${name} outside the ${PREFIX} channels.`));
    }
    return ipcRenderer.invoke(INVOKE, name, input);
  },
  subscribe(listener: (message: EventMessage) => void): () => void {
    const handler = (_event: IpcRendererEvent, message: EventMessage): void => listener(message);
    ipcRenderer.on(EVENT, handler);
    return () => {
      ipcRenderer.removeListener(EVENT, handler);
    };
  },
  pathForFile(file: File): string {
    return webUtils.getPathForFile(file);
  },
});
