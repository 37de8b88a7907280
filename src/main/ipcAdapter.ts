import { ipcMain, type BrowserWindow, type WebContents } from 'electron';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../shared/api';
import { fail } from '../shared/result';
import type { Services } from './services/Services';

export interface IpcAdapter {
  /** Events are sent only to windows registered here. */
  addWindow(window: BrowserWindow): void;
  dispose(): void;
}

/**
 * Electron transport for the contract: one invoke channel, one event channel. Only the main frame
 * of our own windows, showing our own renderer, may call; an injected frame or a page the window
 * was somehow navigated to is refused.
 */
export function attachIpc(services: Services, isTrustedUrl: (url: string) => boolean): IpcAdapter {
  const windows = new Set<WebContents>();

  ipcMain.handle(INVOKE_CHANNEL, async (event, name: unknown, input: unknown) => {
    const frame = event.senderFrame;
    if (!windows.has(event.sender) || !frame || frame !== event.sender.mainFrame || !isTrustedUrl(frame.url)) {
      return fail('unavailable', 'This page is not allowed to use the Evalbench API.');
    }
    return services.router(name, input);
  });

  const stopEvents = services.bus.listen((message) => {
    for (const contents of windows) {
      if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, message);
    }
  });

  return {
    addWindow(window) {
      const contents = window.webContents;
      windows.add(contents);
      window.on('closed', () => windows.delete(contents));
    },
    dispose() {
      stopEvents();
      ipcMain.removeHandler(INVOKE_CHANNEL);
      windows.clear();
    },
  };
}
