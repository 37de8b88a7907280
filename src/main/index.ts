import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, Menu, screen, session, shell } from 'electron';
import { UserFacingError } from '../shared/result';
import { electronPdfPrinter } from './electronPdfPrinter';
import { attachIpc, type IpcAdapter } from './ipcAdapter';
import { safeStorageCipher } from './safeStorageCipher';
import { utilityWorker } from './utilityWorker';
import { dataDir } from './services/dataDir';
import { createServices, type Services } from './services/Services';
import { WindowState } from './services/WindowState';

// Composition root of the desktop app: windows, menus and IPC. Everything else is in services/.

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererUrl = process.env.ELECTRON_RENDERER_URL;
const rendererIndex = path.join(here, '..', 'renderer', 'index.html');

app.setName('Evalbench');
const home = dataDir();
app.setPath('userData', home);

function isTrustedUrl(url: string): boolean {
  if (rendererUrl !== undefined && url.startsWith(rendererUrl)) return true;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'file:' && path.normalize(fileURLToPath(parsed)) === path.normalize(rendererIndex);
  } catch {
    return false;
  }
}

function openExternally(url: string): void {
  // Only web links leave the app; file:, javascript: and custom schemes are dropped.
  if (/^https?:\/\//i.test(url)) void shell.openExternal(url);
}

function createWindow(ipc: IpcAdapter, windowState: WindowState): BrowserWindow {
  const saved = windowState.load();
  const visible = screen.getAllDisplays().some((d) => {
    const b = d.workArea;
    return (
      saved.x !== undefined &&
      saved.y !== undefined &&
      saved.x < b.x + b.width &&
      saved.y < b.y + b.height &&
      saved.x + saved.width > b.x &&
      saved.y + saved.height > b.y
    );
  });
  const window = new BrowserWindow({
    width: saved.width,
    height: saved.height,
    ...(visible && saved.x !== undefined && saved.y !== undefined ? { x: saved.x, y: saved.y } : {}),
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Evalbench',
    webPreferences: {
      preload: path.join(here, '..', 'preload', 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  });
  if (saved.maximized) window.maximize();
  ipc.addWindow(window);

  window.once('ready-to-show', () => window.show());
  window.webContents.setWindowOpenHandler(({ url }) => {
    openExternally(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event, url) => {
    if (!isTrustedUrl(url)) {
      event.preventDefault();
      openExternally(url);
    }
  });
  window.webContents.on('will-attach-webview', (event) => event.preventDefault());
  window.on('close', () => {
    const b = window.getNormalBounds();
    windowState.save({ x: b.x, y: b.y, width: b.width, height: b.height, maximized: window.isMaximized() });
  });

  if (rendererUrl !== undefined) void window.loadURL(rendererUrl);
  else void window.loadFile(rendererIndex);
  return window;
}

function hardenSession(): void {
  const csp = [
    "default-src 'self'",
    rendererUrl !== undefined ? "script-src 'self' 'unsafe-inline'" : "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    rendererUrl !== undefined ? "connect-src 'self' ws:" : "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
  ].join('; ');
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
}

let services: Services | undefined;
let ipc: IpcAdapter | undefined;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const [first] = BrowserWindow.getAllWindows();
    if (first) {
      if (first.isMinimized()) first.restore();
      first.focus();
    }
  });

  void app.whenReady().then(() => {
    hardenSession();
    try {
      services = createServices({
        home,
        host: 'electron',
        electronVersion: process.versions.electron,
        engine: { workerScript: path.join(here, 'worker.js'), launch: utilityWorker },
        secretCipher: safeStorageCipher,
        pdf: electronPdfPrinter,
        summaryWorkerScript: path.join(here, 'summaryWorker.js'),
        testSetWorkerScript: path.join(here, 'testSetWorker.js'),
      });
    } catch (error) {
      // A damaged store is refused, not opened: say which file and what to do, then stop.
      if (!(error instanceof UserFacingError)) throw error;
      dialog.showErrorBox('Evalbench cannot open its data', `${error.message}\n\n${error.hint ?? ''}`);
      app.exit(1);
      return;
    }
    ipc = attachIpc(services, isTrustedUrl);
    if (process.platform !== 'darwin') Menu.setApplicationMenu(null);
    const windowState = new WindowState(home);
    const activeIpc = ipc;
    createWindow(activeIpc, windowState);
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow(activeIpc, windowState);
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  let closed = false;
  app.on('will-quit', (event) => {
    if (closed || services === undefined) return;
    // Workers and downloads stop before the store closes, so nothing finished is lost.
    event.preventDefault();
    ipc?.dispose();
    void services.close().finally(() => {
      closed = true;
      app.quit();
    });
  });
}
