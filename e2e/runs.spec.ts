import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { ensureFixtures } from '../src/main/services/gguf/fixtureCache';
import { expect, test, WorkbenchPage } from './support/fixtures';
import { serveWorkbench, type ServedWorkbench } from './support/serve';

// The researcher's whole loop on the two tiny fixture quantizations: start a run from the
// Runs page, watch it finish, read it in Compare, review failures by keyboard, see the charts.
const SCREENSHOTS = path.resolve(import.meta.dirname, 'screenshots');

const TEST_SET = `name: Tiny journey
description: Five short completions for the tiny fixture models.
defaults:
  mode: completion
  params: { maxTokens: 12 }
  scorers:
    - type: contains
cases:
  - id: greeting
    prompt: "Hello, my name is"
    expected: a
    tags: [chat]
    scorers: [{ type: length, min: 1 }]
  - id: capital
    prompt: "The capital of France is"
    expected: Paris
    tags: [geo]
  - id: river
    prompt: "The longest river in Africa is the"
    expected: Nile
    tags: [geo]
  - id: json
    prompt: "Reply with JSON: {"
    tags: [format]
    scorers: [{ type: json-valid }]
  - id: never
    prompt: "Count with me: one, two,"
    expected: zzz-never-said-zzz
    tags: [math]
`;

/** Copies a fixture with unique trailing bytes, so the library keeps it as its own model. */
function copyUnique(source: string, target: string): void {
  fs.writeFileSync(target, Buffer.concat([fs.readFileSync(source), Buffer.from(crypto.randomUUID())]));
}

/** The page scrolls inside the app shell, so a full-page shot needs a window as tall as the content. */
async function screenshotWhole(page: Page, file: string): Promise<void> {
  const viewport = page.viewportSize() ?? { width: 1280, height: 800 };
  const height = Number(await page.evaluate("document.querySelector('main')?.scrollHeight ?? 0"));
  await page.setViewportSize({ width: viewport.width, height: Math.min(4000, Math.max(viewport.height, height + 48 + 28)) });
  await page.screenshot({ path: path.join(SCREENSHOTS, file) });
  await page.setViewportSize(viewport);
}

function reviewProgress(page: Page): Locator {
  return page.getByRole('status', { name: 'Review progress' });
}

let served: ServedWorkbench;
let folder: string;

test.beforeAll(async () => {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const fixtures = await ensureFixtures();
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-runs-'));
  copyUnique(fixtures.files.q8_0, path.join(folder, 'tiny-q8_0.gguf'));
  copyUnique(fixtures.files.q4_0, path.join(folder, 'tiny-q4_0.gguf'));
  fs.writeFileSync(path.join(folder, 'journey.yaml'), TEST_SET);
  // A host of its own: the run, its results and reviews never reach other journeys.
  served = await serveWorkbench();
});

test.afterAll(async () => {
  await served.stop();
  fs.rmSync(folder, { recursive: true, force: true });
});

test.afterEach(({ consoleErrors }) => {
  expect(consoleErrors, 'console errors on the page').toEqual([]);
});

test('a run of two quantizations is started, watched, compared, reviewed by keyboard and charted', async ({ page }) => {
  test.setTimeout(90_000);
  const app = new WorkbenchPage(page, served);
  await app.open();
  await app.chooseTheme('light');

  // Two fixture quantizations in the library.
  await app.goTo('Models');
  await page.getByLabel('File or folder path').fill(folder);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByText('Added 2 models.')).toBeVisible();
  const models = page.getByRole('table', { name: 'Models' });
  await expect(models.getByText('ready', { exact: true })).toHaveCount(2, { timeout: 30_000 });

  // A new run, by the test set's path, with settings that suit a 2-core machine.
  await app.goTo('Runs');
  const form = page.getByRole('form', { name: 'New run' });
  await form.getByLabel('Test set file').fill(path.join(folder, 'journey.yaml'));
  await form.getByRole('checkbox', { name: /tiny-q8_0/ }).check();
  await form.getByRole('checkbox', { name: /tiny-q4_0/ }).check();
  await form.getByLabel('Backend').selectOption('cpu');
  await form.getByLabel('Context size').fill('256');
  await form.getByLabel('Threads').fill('1');
  await form.getByLabel('Max tokens').fill('12');
  await expect(form.locator('.run-estimate')).toHaveCount(2);
  await expect(form.locator('.run-estimate').first()).toHaveText(/^needs ~[\d.]+ (KiB|MiB)$/);
  await screenshotWhole(page, 'runs-new-light.png');
  await form.getByRole('button', { name: 'Start run' }).click();

  // Live while it runs, then in the history when it is done.
  const live = page.getByRole('region', { name: 'Running: Tiny journey' });
  await expect(live.getByRole('progressbar', { name: 'Tiny journey: overall' })).toBeVisible();
  await expect(live.getByRole('figure', { name: 'Live memory: Tiny journey' })).toBeVisible();
  await expect(live.getByRole('list', { name: 'Progress per model' }).getByRole('listitem')).toHaveCount(2);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'runs-live-light.png') });
  const history = page.getByRole('table', { name: 'Runs' });
  const row = history.getByRole('row').filter({ hasText: 'Tiny journey' });
  await expect(row.getByText('completed', { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(row).toContainText('10/10');
  await expect(live).toHaveCount(0);
  await screenshotWhole(page, 'runs-history-light.png');

  // Compare: every case a row, each model a column; filters narrow it down.
  await row.getByRole('group', { name: 'Actions for Tiny journey' }).getByRole('button', { name: 'Compare' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Compare' })).toBeVisible();
  const grid = page.getByRole('table', { name: 'Cases by model' });
  await expect(grid.getByRole('columnheader')).toHaveText(['Case · expected', /^tiny-q8_0/, /^tiny-q4_0/]);
  await expect(grid.getByRole('row')).toHaveCount(6);
  const count = page.getByRole('status').filter({ hasText: /cases$/ });
  await expect(count).toHaveText('5 cases');
  await screenshotWhole(page, 'compare-grid-light.png');
  await page.getByRole('searchbox', { name: 'Search prompts and outputs' }).fill('capital of france');
  await expect(count).toHaveText('Showing 1 of 5 cases');
  await page.getByRole('button', { name: /Clear filters/ }).click();
  await page.getByRole('checkbox', { name: 'Failed in any model' }).check();
  // "never" expects a word no model says, so it fails everywhere.
  await expect(grid.getByRole('button', { name: 'Open case never' })).toBeVisible();
  await expect(grid.getByRole('button', { name: 'Open case greeting' })).toHaveCount(0);
  await page.getByRole('listbox', { name: 'Tags' }).selectOption('math');
  await expect(count).toHaveText('Showing 1 of 5 cases');

  await grid.getByRole('button', { name: 'Open case never' }).click();
  const detail = page.getByRole('dialog', { name: 'Case never' });
  const q8 = detail.getByRole('region', { name: 'tiny-q8_0' });
  await expect(q8.getByRole('table', { name: 'Scorers' })).toContainText('failed');
  await expect(q8.locator('dt', { hasText: /^Tokens$/ }).locator('xpath=following-sibling::dd[1]')).toHaveText(/^\d+ prompt, \d+ generated$/);
  await expect(q8.getByRole('region', { name: 'Expected' })).toContainText('zzz-never-said-zzz');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'compare-detail-light.png') });
  await page.keyboard.press('Escape');
  await expect(detail).toHaveCount(0);
  await page.getByRole('button', { name: /Clear filters/ }).click();

  // Charts: each one named, drawn, and summed up in words.
  await page.getByRole('tab', { name: 'Charts' }).click();
  for (const name of ['Quality per model', 'Failures by category', 'Time to first token per model', 'Generation speed per model', 'Memory over the run', 'Quality vs file size', 'Quality vs generation speed', 'Quality vs peak memory', 'Pass rate by tag']) {
    const figure = page.getByRole('figure', { name });
    await expect(figure.locator('canvas').first()).toBeVisible();
    await expect(figure.locator('.chart-summary')).not.toBeEmpty();
  }
  await expect(page.getByRole('figure', { name: 'Quality per model' })).toContainText(/tiny-q8_0: \d+\.\d% passed \(95% interval/);
  await expect(page.getByRole('figure', { name: 'Pass rate by tag' })).toContainText('geo:');
  await screenshotWhole(page, 'compare-charts-light.png');

  // Review by keyboard: the counts move with each mark, and z takes the last one back.
  await app.goTo('Review');
  await expect(reviewProgress(page)).toHaveText(/^0 of \d+ reviewed$/);
  const total = Number((await reviewProgress(page).textContent())?.match(/of (\d+)/)?.[1]);
  expect(total).toBeGreaterThanOrEqual(2);
  const first = page.getByRole('article');
  const firstName = await first.getAttribute('aria-label');
  await page.keyboard.press('f');
  await expect(reviewProgress(page)).toHaveText(`1 of ${total} reviewed`);
  await expect(page.getByRole('article')).not.toHaveAttribute('aria-label', firstName ?? '');
  await page.keyboard.press('p');
  await expect(reviewProgress(page)).toHaveText(`2 of ${total} reviewed`);
  await page.keyboard.press('z');
  await expect(reviewProgress(page)).toHaveText(`1 of ${total} reviewed`);
  await page.keyboard.press('n');
  await page.keyboard.type('gibberish, as expected of a tiny model');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('list', { name: 'Review queue' }).getByRole('listitem').first()).toContainText('Reviewed: fail');
  await screenshotWhole(page, 'review-queue-light.png');
  // The label is main's: it is there after a reload.
  await page.reload();
  await expect(reviewProgress(page)).toHaveText(`1 of ${total} reviewed`);
  await expect(page.getByRole('table', { name: 'Pass rates with review' })).toBeVisible();

  // The same pages in the dark theme.
  await app.chooseTheme('dark');
  await screenshotWhole(page, 'review-queue-dark.png');
  await app.goTo('Compare');
  await page.getByRole('tab', { name: 'Charts' }).click();
  await expect(page.getByRole('figure', { name: 'Pass rate by tag' }).locator('canvas').first()).toBeVisible();
  await screenshotWhole(page, 'compare-charts-dark.png');
  await app.chooseTheme('system');

  // Renamed, then run again with the same settings (the page was reloaded, so the file is asked for again).
  await app.goTo('Runs');
  await page.getByRole('group', { name: 'Actions for Tiny journey' }).getByRole('button', { name: 'Rename' }).click();
  await page.getByRole('textbox', { name: 'New name' }).fill('Tiny journey, first');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('group', { name: 'Actions for Tiny journey, first' }).getByRole('button', { name: 'Re-run' }).click();
  const again = page.getByRole('form', { name: 'New run' });
  await expect(again).toContainText('Same settings as “Tiny journey, first”');
  await expect(again.getByRole('checkbox', { name: /tiny-q4_0/ })).toBeChecked();
  await expect(again.getByLabel('Max tokens')).toHaveValue('12');
  await again.getByRole('button', { name: 'Start run' }).click();
  await expect(again.getByText('Choose a test set, or enter the path of a test set file.')).toBeVisible();
  await again.getByLabel('Test set file').fill(path.join(folder, 'journey.yaml'));
  await again.getByRole('button', { name: 'Start run' }).click();
  await expect(history.getByRole('row').filter({ hasText: 'Tiny journey, first' }).getByText('completed', { exact: true })).toHaveCount(2, { timeout: 60_000 });
});
