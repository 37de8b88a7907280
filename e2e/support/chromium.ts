import fs from 'node:fs';
import { chromium } from '@playwright/test';

const INSTALL = 'sudo apt-get install -y chromium';

/**
 * The Chromium the browser-host journeys drive: EVALBENCH_CHROMIUM, Debian's /usr/bin/chromium,
 * or Playwright's own download. Without one, stop with the command that installs it.
 */
export function findChromium(): string {
  const fromEnv = process.env.EVALBENCH_CHROMIUM;
  if (fromEnv !== undefined && fromEnv !== '') {
    if (!fs.existsSync(fromEnv))
      throw new Error(`EVALBENCH_CHROMIUM points to ${fromEnv}, which does not exist. Install Chromium with: ${INSTALL}`);
    return fromEnv;
  }
  if (fs.existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  let bundled = '';
  try {
    bundled = chromium.executablePath();
  } catch {
    bundled = '';
  }
  if (bundled !== '' && fs.existsSync(bundled)) return bundled;
  throw new Error(`No Chromium found for the end-to-end tests. Install one with: ${INSTALL}`);
}

/** Flags for a headless Chromium on a machine with a closed network and no GPU. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

/** Why the Electron journeys skip on machines like CI, where the binary cannot be downloaded. */
export const ELECTRON_SKIP_REASON = 'no Electron binary on this machine (set ELECTRON_OVERRIDE_DIST_PATH, or let `npm start` download it)';
