import fs from 'node:fs';
import path from 'node:path';
import { makeReportFixture } from '../src/main/services/reports/testing/makeReportFixture';
import { expect, test, WorkbenchPage } from './support/fixtures';
import { serveWorkbench, type ServedWorkbench } from './support/serve';

// Compare and Runs on a finished run (the report fixture: three models, three cases, two
// repetitions), in a small window, in both themes, and the case detail's diff opened and closed.
const SCREENSHOTS = path.resolve(import.meta.dirname, '..', 'test-results', 'compare');

let served: ServedWorkbench;
test.beforeAll(async () => {
  const fixture = await makeReportFixture();
  await fixture.close();
  served = await serveWorkbench(fixture.home);
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
});
test.afterAll(async () => {
  await served.stop();
  fs.rmSync(served.home, { recursive: true, force: true });
});
test.afterEach(({ consoleErrors }) => {
  expect(consoleErrors, 'console errors on the page').toEqual([]);
});

test('the case detail’s diff switches between its two views and closes without a page error', async ({ page }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const workbench = new WorkbenchPage(page, served);
  await workbench.open();
  await workbench.goTo('Compare');
  for (const close of ['Escape', 'switch back, then Escape'] as const) {
    await page.getByRole('button', { name: 'Open case capital-fr' }).click();
    const detail = page.getByRole('dialog', { name: 'Case capital-fr' });
    const diff = detail.getByRole('region', { name: 'Diff' });
    await expect(diff.locator('.monaco-diff-editor')).toBeVisible({ timeout: 20_000 });
    await diff.getByRole('radio', { name: 'Model A vs model B' }).check();
    await expect(diff.getByRole('status')).toHaveText(/ → .*: (No differences|\d+ changed regions?)\.$/);
    if (close !== 'Escape') {
      await diff.getByRole('radio', { name: 'Output vs expected' }).check();
      await expect(diff.getByRole('status')).toHaveText(/^Expected → /);
    }
    await page.keyboard.press('Escape');
    await expect(detail).toHaveCount(0);
    // Monaco reports a disposal in the wrong order from a later task: give it the time to.
    await page.waitForTimeout(500);
  }
  expect(pageErrors).toEqual([]);
});
