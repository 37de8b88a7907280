import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { ensureFixtures } from '../src/main/services/gguf/fixtureCache';
import { expect, test, WorkbenchPage } from './support/fixtures';
import { serveWorkbench, type ServedWorkbench } from './support/serve';

// The researcher's whole loop on the four fixture quantizations: start a run from the Runs page,
// watch it finish, find where the quantizations disagree in Compare, read a case in the diff
// view, review three results by keyboard, and see the pass rates and charts follow the reviews.
const SCREENSHOTS = path.resolve(import.meta.dirname, '..', 'test-results', 'journey');

const QUANTS = ['f32', 'f16', 'q8_0', 'q4_0'] as const;

// The shipped examples ask real questions, which the tiny fixture models fail in every
// quantization alike. These cases check for words of the fixtures' own small vocabulary that
// some quantizations say and others do not, so the run has disagreements to find and review.
const TEST_SET = `name: Tiny journey
description: Short completions for the tiny fixture models, where their quantizations answer differently.
defaults:
  mode: completion
  params: { maxTokens: 12 }
  scorers:
    - type: contains
cases:
  - id: greeting
    prompt: "Hello, my name is"
    expected: hello
    tags: [chat]
  - id: capital
    prompt: "The capital of France is"
    expected: Paris
    tags: [geo]
  - id: river
    prompt: "The longest river in Africa is the"
    expected: cat
    tags: [geo]
  - id: colour
    prompt: "The colour of the sky is"
    expected: song
    tags: [chat]
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

/** Passed and counted results per model in the review table's column ("Automatic" or "With review"). */
async function reviewCounts(page: Page, column: 1 | 2): Promise<Map<string, { passed: number; total: number }>> {
  const rows = page.getByRole('table', { name: 'Pass rates with review' }).locator('tbody tr');
  const counts = new Map<string, { passed: number; total: number }>();
  for (const row of await rows.all()) {
    const model = (await row.locator('th').textContent()) ?? '';
    const match = /(\d+)\/(\d+)/.exec(
      (await row
        .locator('td')
        .nth(column - 1)
        .textContent()) ?? '',
    );
    counts.set(model, { passed: Number(match?.[1]), total: Number(match?.[2]) });
  }
  return counts;
}

const pct = (passed: number, total: number): string => `${((passed / total) * 100).toFixed(1)}%`;

let served: ServedWorkbench;
let folder: string;

test.beforeAll(async () => {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const fixtures = await ensureFixtures();
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-runs-'));
  for (const quant of QUANTS) copyUnique(fixtures.files[quant], path.join(folder, `tiny-${quant}.gguf`));
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

test('a run of four quantizations is started, watched, compared in a diff, reviewed by keyboard and charted', async ({ page }) => {
  // Two runs of 24 cases on a shared 2-core machine.
  test.setTimeout(240_000);
  const app = new WorkbenchPage(page, served);
  // Charts draw at once (no animation), so each screenshot shows them finished.
  await page.emulateMedia({ reducedMotion: 'reduce' });
  // Which scripts the page loads, to see that Monaco waits for the case detail.
  const scripts: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'script') scripts.push(request.url());
  });
  const monacoLoaded = (): boolean => scripts.some((url) => /\/editor\.api-[^/]*\.js$/.test(url));
  await app.open();
  await app.chooseTheme('light');

  // Four fixture quantizations in the library.
  await app.goTo('Models');
  await page.getByLabel('File or folder path').fill(folder);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByText('Added 4 models.')).toBeVisible();
  const models = page.getByRole('table', { name: 'Models' });
  await expect(models.getByText('ready', { exact: true })).toHaveCount(4, { timeout: 30_000 });
  await screenshotWhole(page, '01-models-light.png');

  // A new run, by the test set's path, with settings that suit a 2-core machine.
  await app.goTo('Runs');
  const form = page.getByRole('form', { name: 'New run' });
  await form.getByLabel('Test set file').fill(path.join(folder, 'journey.yaml'));
  for (const quant of QUANTS) await form.getByRole('checkbox', { name: new RegExp(`tiny-${quant}`) }).check();
  await form.getByLabel('Backend').selectOption('cpu');
  await form.getByLabel('Context size').fill('256');
  await form.getByLabel('Threads').fill('1');
  await form.getByLabel('Max tokens').fill('12');
  // llama.cpp sizes each load in the host's sizing worker; the first estimate starts it (seconds on a busy machine).
  await expect(form.locator('.run-estimate')).toHaveCount(4, { timeout: 30_000 });
  await expect(form.locator('.run-estimate').first()).toHaveText(/^needs ~[\d.]+ (KiB|MiB)$/);
  await screenshotWhole(page, '02-runs-new-light.png');
  await form.getByRole('button', { name: 'Start run' }).click();

  // Live while it runs, then in the history when it is done.
  const live = page.getByRole('region', { name: 'Running: Tiny journey' });
  // Starting records the machine first, which takes a while on a busy one.
  await expect(live.getByRole('progressbar', { name: 'Tiny journey: overall' })).toBeVisible({ timeout: 30_000 });
  await expect(live.getByRole('figure', { name: 'Live memory: Tiny journey' })).toBeVisible();
  await expect(live.getByRole('list', { name: 'Progress per model' }).getByRole('listitem')).toHaveCount(4);
  // The current case's output streams in, with its time to first token.
  await expect(live.getByRole('figure', { name: /^Output: tiny-\S+ · \w+/ })).toBeVisible({ timeout: 30_000 });
  await expect(live.getByRole('log', { name: 'Output of the current case' })).not.toContainText('appears here');
  await expect(live.locator('.live-facts')).toContainText(/TTFT\d+ ms/);
  await page.screenshot({ path: path.join(SCREENSHOTS, '03-runs-live-light.png') });
  await app.chooseTheme('dark');
  await page.screenshot({ path: path.join(SCREENSHOTS, '03-runs-live-dark.png') });
  await app.chooseTheme('light');
  const history = page.getByRole('table', { name: 'Runs' });
  const row = history.getByRole('row').filter({ hasText: 'Tiny journey' });
  await expect(row.getByText('completed', { exact: true })).toBeVisible({ timeout: 90_000 });
  await expect(row).toContainText('24/24');
  await expect(live).toHaveCount(0);
  await screenshotWhole(page, '04-runs-history-light.png');

  // Compare: every case a row, each model a column.
  await row.getByRole('group', { name: 'Actions for Tiny journey' }).getByRole('button', { name: 'Compare' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Compare' })).toBeVisible();
  const grid = page.getByRole('table', { name: 'Cases by model' });
  await expect(grid.getByRole('columnheader')).toHaveText(['Case · expected', /^tiny-f32/, /^tiny-f16/, /^tiny-q8_0/, /^tiny-q4_0/]);
  await expect(grid.getByRole('row')).toHaveCount(7);
  const count = page.getByRole('status').filter({ hasText: /cases$/ });
  await expect(count).toHaveText('6 cases');
  // A column is widened by dragging its header's edge (the columns start out fitting the window).
  const edge = grid.getByRole('separator', { name: 'Resize column tiny-f32' });
  const fitted = Number(await edge.getAttribute('aria-valuenow'));
  const box = await edge.boundingBox();
  if (box === null) throw new Error('the resize handle of tiny-f32 is not on screen');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 120, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect(edge).toHaveAttribute('aria-valuenow', String(fitted + 120));
  await screenshotWhole(page, '05-compare-grid-light.png');
  await page.getByRole('searchbox', { name: 'Search prompts and outputs' }).fill('capital of france');
  await expect(count).toHaveText('Showing 1 of 6 cases');
  await page.getByRole('button', { name: /Clear filters/ }).click();

  // Where the quantizations disagree: each case left has a pass and a failure.
  await page.getByRole('checkbox', { name: 'Models disagree' }).check();
  await expect(count).toHaveText(/^Showing [1-5] of 6 cases$/);
  // "never" expects a word no model says, and JSON comes from none: no model passes them.
  await expect(grid.getByRole('button', { name: 'Open case never' })).toHaveCount(0);
  await expect(grid.getByRole('button', { name: 'Open case json' })).toHaveCount(0);
  const split = grid.getByRole('row').filter({ has: page.getByRole('rowheader') });
  for (const shown of await split.all()) {
    await expect(shown.locator('[data-outcome="pass"]').first()).toBeVisible();
    await expect(shown.locator('[data-outcome="fail"]').first()).toBeVisible();
  }
  await screenshotWhole(page, '06-compare-disagree-light.png');

  // The diff view of the first disagreement, in Monaco, loaded only now.
  expect(monacoLoaded(), 'Monaco loaded before any case was opened').toBe(false);
  const caseId = (
    (await split
      .first()
      .getByRole('button', { name: /^Open case / })
      .getAttribute('aria-label')) ?? ''
  ).replace('Open case ', '');
  await split
    .first()
    .getByRole('button', { name: /^Open case / })
    .click();
  const detail = page.getByRole('dialog', { name: `Case ${caseId}` });
  const diff = detail.getByRole('region', { name: 'Diff' });
  await expect(diff.locator('.monaco-diff-editor')).toBeVisible({ timeout: 20_000 });
  expect(monacoLoaded()).toBe(true);
  await expect(diff.getByRole('radio', { name: 'Output vs expected' })).toBeChecked();
  await expect(diff.getByRole('combobox', { name: 'Model', exact: true })).toHaveValue('0:0');
  const status = diff.getByRole('status');
  await expect(status).toHaveText(/^Expected → tiny-f32\S*: \d+ changed regions?\.$/);
  await expect(diff.locator('.editor.original')).toContainText(/\S/);
  await expect(diff.locator('.editor.modified')).toContainText(/\S/);
  await page.screenshot({ path: path.join(SCREENSHOTS, '07-compare-diff-expected-light.png') });
  await diff.getByRole('radio', { name: 'Model A vs model B' }).check();
  await diff.getByRole('combobox', { name: 'Model A', exact: true }).selectOption({ index: 0 });
  await diff.getByRole('combobox', { name: 'Model B', exact: true }).selectOption({ index: 3 });
  await expect(status).toHaveText(/^tiny-f32\S* → tiny-q4_0\S*: (No differences|\d+ changed regions?)\.$/);
  // Every model's scorers, token counts and timings are still there under the diff.
  const f32 = detail.getByRole('region', { name: /^tiny-f32/ });
  await expect(f32.getByRole('table', { name: 'Scorers' })).toContainText(/passed|failed/);
  await expect(f32.locator('dt', { hasText: /^Tokens$/ }).locator('xpath=following-sibling::dd[1]')).toHaveText(
    /^\d+ prompt, \d+ generated$/,
  );
  await expect(f32.locator('dt', { hasText: /^Time to first token$/ }).locator('xpath=following-sibling::dd[1]')).toHaveText(
    /^\d+(\.\d+)? m?s$/,
  );
  await page.screenshot({ path: path.join(SCREENSHOTS, '08-compare-diff-models-light.png') });
  await page.keyboard.press('Escape');
  await expect(detail).toHaveCount(0);
  await page.getByRole('button', { name: /Clear filters/ }).click();

  // Charts: each one named, drawn, summed up in words, and saveable as PNG and SVG.
  await page.getByRole('tab', { name: 'Charts' }).click();
  for (const name of [
    'Quality per model',
    'Failures by category',
    'Time to first token per model',
    'Generation speed per model',
    'Memory over the run',
    'Quality vs file size',
    'Quality vs generation speed',
    'Quality vs peak memory',
    'Pass rate by tag',
  ]) {
    const figure = page.getByRole('figure', { name });
    await expect(figure.locator('canvas').first()).toBeVisible();
    await expect(figure.locator('.chart-summary')).not.toBeEmpty();
    await expect(figure.getByRole('button', { name: `Save ${name} as PNG` })).toBeEnabled();
    await expect(figure.getByRole('button', { name: `Save ${name} as SVG` })).toBeEnabled();
  }
  const quality = page.getByRole('figure', { name: 'Quality per model' });
  await expect(quality).toContainText(/tiny-q4_0\S*: \d+\.\d% passed \(95% interval/);
  await expect(quality).not.toContainText('review override');
  const [png] = await Promise.all([
    page.waitForEvent('download'),
    quality.getByRole('button', { name: 'Save Quality per model as PNG' }).click(),
  ]);
  expect(png.suggestedFilename()).toBe('quality-per-model.png');
  const pngBytes = fs.readFileSync(await png.path());
  expect([...pngBytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  // Twice the chart's size on screen, with room for the title.
  expect(pngBytes.readUInt32BE(16)).toBeGreaterThan(800);
  const [svg] = await Promise.all([
    page.waitForEvent('download'),
    quality.getByRole('button', { name: 'Save Quality per model as SVG' }).click(),
  ]);
  expect(svg.suggestedFilename()).toBe('quality-per-model.svg');
  const svgText = fs.readFileSync(await svg.path(), 'utf8');
  // Parsed by the browser's own XML parser (the e2e code has no DOM of its own).
  const parsed = await page.evaluate<{ root: string; errors: number; texts: string[] }>(`(() => {
    const doc = new DOMParser().parseFromString(${JSON.stringify(svgText)}, 'image/svg+xml');
    return { root: doc.documentElement.nodeName, errors: doc.getElementsByTagName('parsererror').length, texts: [...doc.querySelectorAll('text')].map((t) => t.textContent) };
  })()`);
  expect(parsed).toMatchObject({ root: 'svg', errors: 0 });
  expect(parsed.texts).toEqual(expect.arrayContaining(['Quality per model', 'Pass rate (%)', 'Model']));
  await screenshotWhole(page, '09-compare-charts-light.png');

  // Review three results by keyboard: p on the first, j past the second and k back to mark it p,
  // then f on the third. The counts move with each mark.
  await app.goTo('Review');
  await expect(reviewProgress(page)).toHaveText(/^0 of \d+ reviewed$/);
  const total = Number((await reviewProgress(page).textContent())?.match(/of (\d+)/)?.[1]);
  expect(total).toBeGreaterThanOrEqual(3);
  const automatic = await reviewCounts(page, 1);
  const item = page.getByRole('article');
  const marked: { name: string; outcome: string; verdict: 'pass' | 'fail' }[] = [];
  const mark = async (key: 'p' | 'f'): Promise<void> => {
    const name = (await item.getAttribute('aria-label')) ?? '';
    const outcome = ((await item.locator('.outcome-badge').first().textContent()) ?? '').toLowerCase();
    await page.keyboard.press(key);
    marked.push({ name, outcome, verdict: key === 'p' ? 'pass' : 'fail' });
    await expect(reviewProgress(page)).toHaveText(`${marked.length} of ${total} reviewed`);
    await expect(item).not.toHaveAttribute('aria-label', name);
  };
  await mark('p');
  const second = (await item.getAttribute('aria-label')) ?? '';
  await page.keyboard.press('j');
  await expect(item).not.toHaveAttribute('aria-label', second);
  await page.keyboard.press('k');
  await expect(item).toHaveAttribute('aria-label', second);
  await mark('p');
  await mark('f');
  const queue = page.getByRole('list', { name: 'Review queue' }).getByRole('listitem');
  await expect(queue.nth(0)).toContainText('Reviewed: pass');
  await expect(queue.nth(1)).toContainText('Reviewed: pass');
  await expect(queue.nth(2)).toContainText('Reviewed: fail');
  await screenshotWhole(page, '10-review-light.png');

  // What the reviews change, per model: a pass on a failure adds one, a fail on a pass takes one away.
  const expected = new Map([...automatic].map(([model, c]) => [model, { passed: c.passed, total: c.total, overrides: 0 }]));
  for (const m of marked) {
    const model = [...expected.keys()].find((label) => m.name.endsWith(`, ${label}`));
    const e = model === undefined ? undefined : expected.get(model);
    if (e === undefined) throw new Error(`no model for ${m.name}`);
    if (m.verdict !== m.outcome) {
      e.overrides += 1;
      e.passed += m.verdict === 'pass' ? 1 : -1;
    }
  }
  expect(
    [...expected.values()].some((e) => e.overrides > 0),
    `reviews that override the scorers: ${JSON.stringify(marked)}`,
  ).toBe(true);
  await expect
    .poll(async () => Object.fromEntries(await reviewCounts(page, 2)))
    .toEqual(Object.fromEntries([...expected].map(([model, e]) => [model, { passed: e.passed, total: e.total }])));

  // The quality chart draws and states the reviewed pass rate beside the automatic one.
  await app.goTo('Compare');
  await page.getByRole('tab', { name: 'Charts' }).click();
  for (const [model, e] of expected) {
    const stated = new RegExp(
      `${model.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: \\d+\\.\\d% passed \\([^)]*\\)${e.overrides > 0 ? `; ${pct(e.passed, e.total).replace('.', '\\.')} with ${e.overrides} review overrides?` : '[.]'}`,
    );
    await expect(quality.locator('.chart-summary')).toContainText(stated, { timeout: 15_000 });
  }
  await screenshotWhole(page, '11-compare-charts-reviewed-light.png');

  // The labels are main's: they are there after a reload.
  await app.goTo('Review');
  await page.reload();
  await expect(reviewProgress(page)).toHaveText(`3 of ${total} reviewed`);

  // The same pages in the dark theme.
  await app.chooseTheme('dark');
  await screenshotWhole(page, '12-review-dark.png');
  await app.goTo('Compare');
  await page.getByRole('tab', { name: 'Charts' }).click();
  await expect(page.getByRole('figure', { name: 'Pass rate by tag' }).locator('canvas').first()).toBeVisible();
  await screenshotWhole(page, '13-compare-charts-dark.png');
  await page.getByRole('tab', { name: 'Cases' }).click();
  await grid.getByRole('button', { name: `Open case ${caseId}` }).click();
  await expect(page.getByRole('dialog').locator('.monaco-diff-editor')).toBeVisible();
  await expect(page.getByRole('dialog').getByRole('region', { name: 'Diff' }).getByRole('status')).toHaveText(
    /(changed regions?|No differences)\.$/,
  );
  await page.screenshot({ path: path.join(SCREENSHOTS, '14-compare-diff-dark.png') });
  await page.keyboard.press('Escape');
  await app.chooseTheme('system');

  // Renamed, then run again with the same settings: the run remembers its test set file, reload or not.
  await app.goTo('Runs');
  await page.getByRole('group', { name: 'Actions for Tiny journey' }).getByRole('button', { name: 'Rename' }).click();
  await page.getByRole('textbox', { name: 'New name' }).fill('Tiny journey, first');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('group', { name: 'Actions for Tiny journey, first' }).getByRole('button', { name: 'Re-run' }).click();
  const again = page.getByRole('form', { name: 'New run' });
  await expect(again).toContainText('Same settings as “Tiny journey, first”');
  await expect(again.getByRole('checkbox', { name: /tiny-q4_0/ })).toBeChecked();
  await expect(again.getByLabel('Max tokens')).toHaveValue('12');
  await expect(again.getByLabel('Test set file')).toHaveValue(path.join(folder, 'journey.yaml'));
  await again.getByRole('button', { name: 'Start run' }).click();
  await expect(history.getByRole('row').filter({ hasText: 'Tiny journey, first' }).getByText('completed', { exact: true })).toHaveCount(2, {
    timeout: 90_000,
  });

  // The new run opens in Compare with the first one beside it: its four models as four more columns.
  await history.getByRole('row').filter({ hasText: 'Tiny journey, first' }).first().getByRole('button', { name: 'Compare' }).click();
  const beside = page.getByRole('combobox', { name: 'Beside another run' });
  await beside.selectOption({ label: (await beside.getByRole('option', { name: /^Tiny journey, first · / }).textContent()) ?? '' });
  await expect(grid.getByRole('columnheader')).toHaveCount(9);
  await expect(grid.getByRole('columnheader').nth(5)).toHaveText(/^tiny-f32 \(Tiny journey, first\)/);
  await screenshotWhole(page, '15-compare-two-runs-light.png');
});
