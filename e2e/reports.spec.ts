import fs from 'node:fs';
import path from 'node:path';
import { makeReportFixture } from '../src/main/services/reports/testing/makeReportFixture';
import { expect, test, WorkbenchPage } from './support/fixtures';
import { serveWorkbench, type ServedWorkbench } from './support/serve';

// A researcher turns a finished, reviewed run into a report: picks the sections and failure
// cases, edits the title and notes, previews it, and exports it. The exported HTML must open
// with the network off, draw its charts, and reference nothing outside itself.
const SCREENSHOTS = path.resolve(import.meta.dirname, '..', 'test-results', 'reports');

let served: ServedWorkbench;
let runId: string;
test.beforeAll(async () => {
  const fixture = await makeReportFixture();
  runId = fixture.runId;
  await fixture.close();
  served = await serveWorkbench(fixture.home);
});
test.afterAll(async () => {
  await served.stop();
  fs.rmSync(served.home, { recursive: true, force: true });
});

test('makes a report from a reviewed run and exports a self-contained HTML file that opens offline', async ({
  page,
  browser,
}, testInfo) => {
  const workbench = new WorkbenchPage(page, served);
  await workbench.open();
  await workbench.goTo('Reports');
  const form = page.getByRole('form', { name: 'Report options' });
  await expect(form.getByRole('combobox', { name: 'Run' })).toHaveValue(runId);
  const preview = page.frameLocator('iframe[title="Report preview"]');
  // The preview draws every chart first, which takes a while on a busy machine.
  await expect(preview.getByRole('heading', { level: 1, name: 'Tiny <quant> comparison' })).toBeVisible({ timeout: 30_000 });

  await form.getByRole('textbox', { name: 'Title' }).fill('Q8_0 against Q4_0');
  await form.getByRole('textbox', { name: 'Notes' }).fill('Two quantizations of the tiny fixture model.');
  await form.getByRole('checkbox', { name: 'Pass rate by tag' }).uncheck();
  await expect(form.getByRole('checkbox', { name: 'Quantisation fidelity' })).toBeChecked();
  await form.getByRole('radio', { name: 'Hand-picked' }).check();
  await form.getByRole('checkbox', { name: /crashy/ }).check();
  await expect(preview.getByRole('heading', { level: 1, name: 'Q8_0 against Q4_0' })).toBeVisible();
  await expect(preview.getByText('Two quantizations of the tiny fixture model.')).toBeVisible();
  await expect(preview.getByRole('heading', { name: 'Case crashy' })).toBeVisible();
  await expect(preview.getByRole('heading', { name: 'Case capital-fr' })).toHaveCount(0);
  await expect(preview.locator('#tags')).toHaveCount(0);
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.getByRole('heading', { level: 1, name: 'Reports' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SCREENSHOTS, 'reports-page.png') });

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export HTML' }).click();
  const file = testInfo.outputPath('report.html');
  await (await download).saveAs(file);
  await expect(page.getByRole('status').filter({ hasText: /Saved .*reports.*\.html/ })).toBeVisible();
  const html = fs.readFileSync(file, 'utf8');
  expect(html).toContain('<h1>Q8_0 against Q4_0</h1>');
  expect(html).not.toMatch(/\b(src|href|xlink:href|action)\s*=\s*["']?\s*(https?:)?\/\//i);
  expect(html).not.toMatch(/url\((?!#)/);

  // Opened from disk with every request refused: it shows everything, asks for nothing.
  const offline = await browser.newContext({ offline: true, javaScriptEnabled: false });
  const requests: string[] = [];
  offline.on('request', (r) => requests.push(r.url()));
  await offline.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
  const reader = await offline.newPage();
  await reader.goto(`file://${file}`);
  await expect(reader.getByRole('heading', { level: 2, name: 'Charts' })).toBeVisible();
  const charts = reader.locator('figure[data-chart] svg');
  expect(await charts.count()).toBeGreaterThanOrEqual(6);
  await expect(reader.getByRole('img', { name: 'Quality per model' })).toBeVisible();
  // The fixture run's fidelity was measured and one of its models is remote: both show.
  await expect(reader.getByRole('img', { name: 'Quantisation fidelity' })).toBeVisible();
  await expect(reader.getByRole('heading', { level: 3, name: 'Remote endpoints' })).toBeVisible();
  // The quality chart has drawn its bars: paths with the models' colours.
  expect(await reader.locator('figure[data-chart="quality"] svg path[fill="#0072B2"]').count()).toBeGreaterThan(0);
  await reader.screenshot({ path: path.join(SCREENSHOTS, 'exported-report.png'), fullPage: true });
  expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
  await offline.close();

  // PDF through the headless host's Chromium, and the data formats, each saved under reports/ and
  // offered as a download. Downloads are collected from the start: a download event may arrive after
  // the status line that announced the save.
  const downloads: string[] = [];
  page.on('download', (d) => downloads.push(d.suggestedFilename()));
  for (const [name, extension] of [
    ['PDF', 'pdf'],
    ['CSV', 'csv'],
    ['JSON', 'json'],
  ] as const) {
    await page.getByRole('button', { name: `Export ${name}`, exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: new RegExp(`Saved .*\\.${extension} \\(`) })).toBeVisible({ timeout: 30_000 });
  }
  // Markdown and its chart images come as one .zip, not a download per file.
  await page.getByRole('button', { name: 'Export Markdown', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: /Saved .*\.md \(.*\.svg \(/ })).toBeVisible({ timeout: 30_000 });
  await expect.poll(() => downloads.filter((name) => name.endsWith('.zip')).length).toBe(1);
  await page.waitForTimeout(1000);
  expect(downloads.filter((name) => /\.(md|svg|png)$/.test(name))).toEqual([]);
  expect(downloads.filter((name) => name.endsWith('.zip'))).toHaveLength(1);
  await workbench.chooseTheme('dark');
  await page.getByRole('heading', { level: 1, name: 'Reports' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SCREENSHOTS, 'reports-page-dark.png') });
  expect(fs.readdirSync(path.join(served.home, 'reports')).sort()).toEqual(
    expect.arrayContaining([expect.stringMatching(/\.pdf$/), expect.stringMatching(/\.csv$/), expect.stringMatching(/\.html$/)]),
  );
});
