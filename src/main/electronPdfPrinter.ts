import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow, session } from 'electron';
import type { PdfPrinter } from './services/reports/printPdf';

/** The in-memory session report windows use: it loads the report's own file and nothing else. */
function printSession(): Electron.Session {
  const printing = session.fromPartition('evalbench-report-print');
  printing.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !details.url.startsWith('file:') }));
  return printing;
}

/**
 * Desktop printer: Electron's `printToPDF` on the report in a hidden window, without scripts or
 * network, with the report's print stylesheet (A4, its own margins), no header or footer.
 */
export const electronPdfPrinter: PdfPrinter = async (html, signal) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-pdf-'));
  const file = path.join(dir, 'report.html');
  fs.writeFileSync(file, html);
  const window = new BrowserWindow({
    show: false,
    webPreferences: { javascript: false, sandbox: true, session: printSession(), offscreen: true },
  });
  const abort = (): void => window.destroy();
  signal?.addEventListener('abort', abort, { once: true });
  try {
    await window.loadURL(pathToFileURL(file).href);
    return await window.webContents.printToPDF({
      pageSize: 'A4',
      printBackground: true,
      preferCSSPageSize: true,
      displayHeaderFooter: false,
    });
  } finally {
    signal?.removeEventListener('abort', abort);
    if (!window.isDestroyed()) window.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
};
