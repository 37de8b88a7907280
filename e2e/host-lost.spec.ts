import path from 'node:path';
import { expect, test } from './support/fixtures';
import { serveWorkbench, type ServedWorkbench } from './support/serve';

const SCREENSHOTS = path.resolve(import.meta.dirname, 'screenshots', 'host-lost');
/** The promise to the user: a dead host is noticed within a few seconds, on any page. */
const NOTICE_WITHIN_MS = 5_000;

test.describe.configure({ timeout: 90_000 });

let hosts: ServedWorkbench[] = [];
test.afterEach(async () => {
  await Promise.all(hosts.map((h) => h.stop()));
  hosts = [];
});

test('a tab notices a killed host within seconds, disables its actions, and then says its token is stale after a restart', async ({
  page,
}) => {
  const first = await serveWorkbench();
  hosts.push(first);
  await page.goto(first.url);
  const newTestSet = page.getByRole('button', { name: 'New test set' });
  await expect(newTestSet).toBeEnabled();
  const banner = page.getByRole('alert', { name: 'Connection to the host' });
  await expect(banner).toHaveCount(0);

  first.signal('SIGKILL');
  await first.exited;
  const killedAt = Date.now();
  await expect(banner).toContainText('Lost the connection to the Evalbench host', { timeout: NOTICE_WITHIN_MS });
  console.log(`banner shown ${Date.now() - killedAt} ms after kill -9`);
  await expect(banner).toContainText('evalbench serve');
  await expect(newTestSet).toBeDisabled();
  await page.screenshot({ path: path.join(SCREENSHOTS, '01-lost-light.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: path.join(SCREENSHOTS, '02-lost-dark.png') });
  await page.emulateMedia({ colorScheme: 'light' });
  // Every page shows it, not only the one that was open.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Runs', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Runs' })).toBeVisible();
  await expect(banner).toContainText('Lost the connection');

  // The same port, a new start: the tab reaches a host that no longer knows its token.
  const second = await serveWorkbench(first.home, Number(new URL(first.origin).port));
  hosts.push(second);
  await expect(banner).toContainText('Evalbench was restarted', { timeout: 15_000 });
  await expect(banner).toContainText('new address that `evalbench serve` printed');
  await expect(banner).not.toContainText('still running');
  await page.screenshot({ path: path.join(SCREENSHOTS, '03-stale-token-light.png') });

  await page.goto(second.url);
  await expect(page.getByRole('contentinfo', { name: 'Status' })).toContainText('Browser (evalbench serve)');
  await expect(banner).toHaveCount(0);
});

test('a frozen host is noticed by the heartbeat, and the tab reconnects by itself when it wakes', async ({ page }) => {
  const served = await serveWorkbench();
  hosts.push(served);
  await page.goto(served.url);
  await expect(page.getByRole('button', { name: 'New test set' })).toBeEnabled();
  const banner = page.getByRole('alert', { name: 'Connection to the host' });

  // SIGSTOP keeps every socket open: only the heartbeat can tell that nobody answers.
  served.signal('SIGSTOP');
  try {
    await expect(banner).toContainText('Lost the connection', { timeout: 8_000 });
    await expect(page.getByRole('button', { name: 'New test set' })).toBeDisabled();
  } finally {
    served.signal('SIGCONT');
  }
  await expect(banner).toHaveCount(0, { timeout: 15_000 });
  await expect(page.getByRole('button', { name: 'New test set' })).toBeEnabled();
});
