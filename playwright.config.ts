import { defineConfig } from '@playwright/test';
import { findElectronBinary } from './scripts/electronBinary.mjs';
import { CHROMIUM_ARGS, ELECTRON_SKIP_REASON, findChromium } from './e2e/support/chromium';

// Browser-host journeys drive a system Chromium against `evalbench serve`; the project never
// downloads a browser. Electron journeys (e2e/electron/) launch Electron themselves, or skip.
if (process.env.TEST_WORKER_INDEX === undefined && findElectronBinary() === null) {
  console.log(`Electron journeys skipped: ${ELECTRON_SKIP_REASON}.`);
}

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  // A 2-core CI machine needs seconds to start Monaco's diff editor or render a report with its
  // charts; assertions wait up to 15 s for what a user would see appear, not 5.
  expect: { timeout: 15_000 },
  forbidOnly: process.env.CI === 'true',
  reporter: [['list']],
  use: {
    launchOptions: { executablePath: findChromium(), args: CHROMIUM_ARGS },
    viewport: { width: 1280, height: 800 },
    trace: 'off',
  },
  projects: [
    { name: 'browser-host', testIgnore: /electron\// },
    { name: 'electron', testMatch: /electron\/.*\.spec\.ts/ },
  ],
});
