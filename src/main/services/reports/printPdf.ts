import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UserFacingError } from '../../../shared/result';

/** Prints a report's HTML to PDF bytes: Chromium headless under Node, Electron's `printToPDF` in the app. */
export type PdfPrinter = (html: string, signal?: AbortSignal) => Promise<Buffer>;

const INSTALL_HINT =
  'Install Chromium (Debian/Ubuntu: apt-get install -y chromium) or point EVALBENCH_CHROMIUM at a Chromium or Chrome binary, then export again. The HTML report prints the same pages from any browser.';

/** The Chromium to print with: EVALBENCH_CHROMIUM, else the usual system paths; a clear error when there is none. */
export function findChromiumBinary(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.EVALBENCH_CHROMIUM;
  if (fromEnv !== undefined && fromEnv !== '') {
    if (!fs.existsSync(fromEnv))
      throw new UserFacingError(
        'unavailable',
        `EVALBENCH_CHROMIUM points to ${fromEnv}, which does not exist, so the PDF cannot be printed.`,
        INSTALL_HINT,
      );
    return fromEnv;
  }
  const candidates = [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  ];
  const found = candidates.find((c) => fs.existsSync(c));
  if (found === undefined) throw new UserFacingError('unavailable', 'No Chromium found to print the PDF with.', INSTALL_HINT);
  return found;
}

/** How long one print may take before it is given up. */
const PRINT_TIMEOUT_MS = 120_000;

/**
 * A printer that runs headless Chromium on the HTML (in a temporary folder with its own
 * profile, network off), with the report's print stylesheet, no header or footer.
 */
export function chromiumPdfPrinter(env: NodeJS.ProcessEnv = process.env): PdfPrinter {
  return async (html, signal) => {
    const binary = findChromiumBinary(env);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-pdf-'));
    try {
      const page = path.join(dir, 'report.html');
      const out = path.join(dir, 'report.pdf');
      fs.writeFileSync(page, html);
      const args = [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--proxy-server=127.0.0.1:9',
        '--proxy-bypass-list=<-loopback>',
        `--user-data-dir=${path.join(dir, 'profile')}`,
        '--no-pdf-header-footer',
        `--print-to-pdf=${out}`,
        `file://${page}`,
      ];
      const log = await run(binary, args, signal);
      if (!fs.existsSync(out) || fs.statSync(out).size === 0) {
        throw new UserFacingError(
          'unavailable',
          `Chromium (${binary}) printed no PDF.${log.trim() === '' ? '' : ` It said: ${log.trim().split('\n').slice(-3).join(' ')}`}`,
          INSTALL_HINT,
        );
      }
      return fs.readFileSync(out);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
}

function run(binary: string, args: string[], signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    const keep = (chunk: Buffer): void => {
      log = (log + chunk.toString()).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGKILL'), PRINT_TIMEOUT_MS);
    const onAbort = (): void => {
      child.kill('SIGKILL');
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (error) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      reject(new UserFacingError('unavailable', `Chromium (${binary}) could not start: ${error.message}`, INSTALL_HINT));
    });
    child.on('close', (code, sig) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (signal?.aborted === true) reject(new UserFacingError('conflict', 'Printing the PDF was cancelled.'));
      else if (sig !== null)
        reject(
          new UserFacingError(
            'unavailable',
            `Chromium (${binary}) was stopped (${sig}) before the PDF was printed; it took over ${PRINT_TIMEOUT_MS / 1000} s or was killed.`,
            INSTALL_HINT,
          ),
        );
      else if (code !== 0)
        reject(
          new UserFacingError(
            'unavailable',
            `Chromium (${binary}) failed with exit code ${code}: ${log.trim().split('\n').slice(-3).join(' ')}`,
            INSTALL_HINT,
          ),
        );
      else resolve(log);
    });
  });
}
