import { findElectronBinary } from '../scripts/electronBinary.mjs';
import { expect, test } from './support/fixtures';
import { startPrintingUrl } from './support/serve';

test('npm start (scripts/start.mjs) without an Electron binary says so in one sentence and serves the UI', async ({
  page,
  consoleErrors,
}) => {
  test.skip(findElectronBinary() !== null, 'an Electron binary is installed here, so npm start opens the desktop app');
  const started = await startPrintingUrl([process.execPath, 'scripts/start.mjs', '--no-open', '--port', '0'], {
    env: { EVALBENCH_SKIP_BUILD: '1' },
  });
  try {
    const output = started.output();
    const reason = output.split('\n').filter((line) => line.includes('Electron'));
    expect(reason).toHaveLength(1);
    expect(reason[0]).toMatch(/served to your browser instead\.$/);
    expect(output).not.toMatch(/\n\s+at .+:\d+:\d+/);
    await page.goto(started.url);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByRole('contentinfo', { name: 'Status' })).toContainText('Browser (evalbench serve)');
    expect(consoleErrors).toEqual([]);
  } finally {
    expect(await started.stop()).toBe(0);
  }
  expect(started.output()).toContain('Evalbench stopped.');
});
