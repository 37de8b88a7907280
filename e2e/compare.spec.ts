import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
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
    // Focus is back on the case's button, not lost to the page's body.
    await expect(page.getByRole('button', { name: 'Open case capital-fr' })).toBeFocused();
    // Monaco reports a disposal in the wrong order from a later task: give it the time to.
    await page.waitForTimeout(500);
  }
  expect(pageErrors).toEqual([]);
});

test('a case’s facts and the Timing table give llama.cpp’s own decode rate beside the end-to-end rate, labelled', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  const workbench = new WorkbenchPage(page, served);
  await workbench.open();
  await workbench.goTo('Compare');
  await page.getByRole('button', { name: 'Open case capital-fr' }).click();
  const detail = page.getByRole('dialog', { name: 'Case capital-fr' });
  await expect(detail.getByText('Decode inside llama.cpp').first()).toBeVisible();
  await expect(detail.getByText('161.5 tok/s').first()).toBeVisible();
  await page.screenshot({ path: path.join(SCREENSHOTS, 'case-detail-decode-rate.png') });
  await page.keyboard.press('Escape');
  await page.getByRole('tab', { name: 'Charts' }).click();
  const timing = page.getByRole('table', { name: 'Timing' });
  await expect(timing.getByRole('columnheader', { name: 'Decode inside llama.cpp tokens/s, median (IQR, n)' })).toBeVisible();
  await timing.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SCREENSHOTS, 'timing-decode-rate.png') });
});

/** How far the page, or the main area it scrolls in, runs past the window sideways: 0 when everything fits. */
async function sidewaysOverflow(page: Page): Promise<number> {
  return Number(
    await page.evaluate(
      "Math.max(...[document.scrollingElement, document.querySelector('main')].filter(Boolean).map((e) => e.scrollWidth - e.clientWidth))",
    ),
  );
}

for (const size of [
  { width: 1440, height: 900 },
  { width: 1000, height: 700 },
]) {
  test(`Compare and Runs fit a ${size.width} × ${size.height} window, light and dark`, async ({ page }) => {
    await page.setViewportSize(size);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const workbench = new WorkbenchPage(page, served);
    await workbench.open();
    for (const theme of ['light', 'dark'] as const) {
      await workbench.chooseTheme(theme);
      await workbench.goTo('Compare');
      const grid = page.getByRole('table', { name: 'Cases by model' });
      await expect(grid.getByRole('columnheader')).toHaveCount(4);
      // Every model's column is in the grid's view without scrolling sideways, the last one included.
      const gridOverflow = async (): Promise<number> =>
        Number(
          await page.evaluate(
            "(() => { const e = document.querySelector('[aria-label=\\'Cases by model\\']'); return e.scrollWidth - e.clientWidth; })()",
          ),
        );
      await expect.poll(gridOverflow).toBeLessThanOrEqual(0);
      await page.screenshot({ path: path.join(SCREENSHOTS, `compare-${size.width}-${theme}.png`) });
      const gridBox = await grid.boundingBox();
      const lastBox = await grid.getByRole('columnheader').last().boundingBox();
      expect((lastBox?.x ?? Infinity) + (lastBox?.width ?? 0), 'right edge of the last model’s column').toBeLessThanOrEqual(
        (gridBox?.x ?? 0) + (gridBox?.width ?? 0) + 1,
      );
      expect(await sidewaysOverflow(page)).toBe(0);

      await workbench.goTo('Runs');
      const actions = page.getByRole('group', { name: /^Actions for / }).first();
      await expect(actions).toBeVisible();
      await page.screenshot({ path: path.join(SCREENSHOTS, `runs-${size.width}-${theme}.png`) });
      const box = await actions.boundingBox();
      expect((box?.x ?? Infinity) + (box?.width ?? 0), 'right edge of the run’s actions').toBeLessThanOrEqual(size.width);
      expect(await sidewaysOverflow(page)).toBe(0);
    }
  });
}
