import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { findElectronBinary } from '../../scripts/electronBinary.mjs';
import { ELECTRON_SKIP_REASON } from '../support/chromium';

const binary = findElectronBinary();
const root = path.resolve(import.meta.dirname, '..', '..');

test.skip(binary === null, ELECTRON_SKIP_REASON);

test('the desktop app opens hardened, talks over IPC and remembers its page', async () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-electron-'));
  const launch = () => electron.launch({ executablePath: binary ?? '', args: [root], env: { ...process.env, EVALBENCH_HOME: home } });
  let app = await launch();
  let window = await app.firstWindow();
  await expect(window.getByRole('contentinfo', { name: 'Status' })).toContainText('Desktop app');
  // Isolation: the page sees the two bridge functions and nothing of Node or Electron.
  const exposed = await window.evaluate(() => {
    const g = globalThis as { evalbench?: object; require?: unknown; process?: unknown };
    return { bridge: Object.keys(g.evalbench ?? {}).sort(), require: typeof g.require, process: typeof g.process };
  });
  expect(exposed).toEqual({ bridge: ['invoke', 'subscribe'], require: 'undefined', process: 'undefined' });
  // Navigation away from the app is refused.
  await window.evaluate(() => {
    (globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com/';
  });
  await expect(window.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await window.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Models' }).click();
  await expect(window.getByRole('heading', { level: 1, name: 'Models' })).toBeVisible();
  await app.close();

  app = await launch();
  window = await app.firstWindow();
  await expect(window.getByRole('heading', { level: 1, name: 'Models' })).toBeVisible();
  await app.close();
});
