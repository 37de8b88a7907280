import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, test, WorkbenchPage } from './support/fixtures';
import { serveWorkbench, type ServedWorkbench } from './support/serve';
import { ensureFixtures } from '../src/main/services/gguf/fixtureCache';

const SCREENSHOTS = path.resolve(import.meta.dirname, 'screenshots');
const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

/** The Test sets page as a user works it: tabs, the editor by its name, the problems list and the preview table. */
class TestSetsPage {
  constructor(readonly page: Page) {}

  editor(): Locator {
    return this.page.getByRole('textbox', { name: 'Test set editor' });
  }

  /** The lines Monaco shows (it renders only those in view). */
  visibleText(): Locator {
    return this.page.locator('.testset-editor .view-lines');
  }

  squiggles(): Locator {
    return this.page.locator('.testset-editor .squiggly-error');
  }

  problems(): Locator {
    return this.page.getByRole('list', { name: 'Problems' }).getByRole('button');
  }

  preview(): Locator {
    return this.page.getByRole('table', { name: 'Rendered cases' });
  }

  status(): Locator {
    return this.page.locator('.testset-save-status');
  }

  cursor(): Locator {
    return this.page.locator('.testset-editor-status span').first();
  }

  tab(name: string): Locator {
    return this.page.getByRole('tablist', { name: 'Open test sets' }).getByRole('tab', { name: new RegExp(`^${name}`) });
  }

  /** A form of the page header's New / Import / Open file panel, opened if it is not shown yet (an empty library shows New). */
  async form(button: string, name: string): Promise<Locator> {
    const form = this.page.getByRole('form', { name });
    if (!(await form.isVisible())) await this.page.getByRole('button', { name: button, exact: true }).click();
    await expect(form).toBeVisible();
    return form;
  }

  /** Puts the cursor at the start of a line with Monaco's own Go to Line. */
  async goToLine(line: number): Promise<void> {
    await this.editor().focus();
    await this.page.keyboard.press(`${mod}+g`);
    await this.page.keyboard.type(String(line));
    await this.page.keyboard.press('Enter');
    await expect(this.cursor()).toHaveText(`Ln ${line}, Col 1`);
  }
}

let served: ServedWorkbench;

test.beforeAll(async () => {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  // A data folder of its own: the journeys below create, edit and delete test sets freely.
  served = await serveWorkbench();
});

test.afterAll(async () => {
  await served.stop();
  fs.rmSync(served.home, { recursive: true, force: true });
});

test.afterEach(({ consoleErrors }) => {
  expect(consoleErrors, 'console errors on the page').toEqual([]);
});

async function openPage(page: Page, theme: 'light' | 'dark' = 'light'): Promise<TestSetsPage> {
  const workbench = new WorkbenchPage(page, served);
  await workbench.open();
  await workbench.chooseTheme(theme);
  await workbench.goTo('Test sets');
  return new TestSetsPage(page);
}

test('an example becomes a test set; a mistake is listed, jumped to, fixed and saved; a draft survives a reload', async ({ page }) => {
  const sets = await openPage(page);
  const form = await sets.form('New test set', 'New test set');
  await form.getByLabel('Start from').selectOption({ label: 'Example: Arithmetic (22 cases)' });
  await expect(form.getByLabel('Name')).toHaveValue('Arithmetic');
  await form.getByRole('button', { name: 'Create' }).click();

  await expect(sets.tab('Arithmetic')).toHaveAttribute('aria-selected', 'true');
  await expect(sets.editor()).toBeVisible();
  const firstRow = sets.preview().getByRole('row').nth(1);
  await expect(firstRow).toContainText('add-two-digit');
  await expect(firstRow).toContainText('Calculate: 47 + 38');
  await expect(firstRow).toContainText('85');
  await expect(page.getByText('No problems: every case is valid.')).toBeVisible();
  await page.screenshot({ path: path.join(SCREENSHOTS, 'testsets-editor-light.png') });

  // Hover documentation comes from the test set JSON Schema.
  await sets.visibleText().getByText('promptTemplate', { exact: true }).hover();
  await expect(page.locator('.monaco-hover').filter({ hasText: 'Builds each case’s prompt from its variables' })).toBeVisible();
  await page.mouse.move(0, 0);

  // A typo in the default scorer's type: listed with its line, underlined, and the preview says it is stale.
  await sets.goToLine(13);
  await page.keyboard.press('End');
  for (let i = 0; i < 'numeric'.length; i++) await page.keyboard.press('Backspace');
  await page.keyboard.type('numerc');
  // The schema's scorer types are offered while typing.
  await expect(page.locator('.suggest-widget').getByText('numeric')).toBeVisible();
  await page.keyboard.press('Escape');
  const problem = sets.problems().filter({ hasText: 'unknown scorer "numerc"' });
  await expect(problem).toHaveCount(1);
  await expect(problem).toContainText('Line 13, col 13');
  await expect(problem).toContainText('Did you mean `numeric`?');
  await expect(sets.squiggles()).toHaveCount(1);
  await expect(sets.tab('Arithmetic')).toHaveAccessibleName(/unsaved changes.*1 error/);
  await expect(page.getByText('Showing the last version without errors')).toBeVisible();
  await page.keyboard.press('Escape');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'testsets-problem-light.png') });

  // Clicking the problem (or Enter on it) puts the cursor on it.
  await sets.editor().press(`${mod}+End`);
  await expect(sets.visibleText()).not.toContainText('numerc');
  await problem.focus();
  await page.keyboard.press('Enter');
  await expect(sets.cursor()).toHaveText('Ln 13, Col 13');
  await expect(sets.visibleText()).toContainText('type: numerc');
  await expect(sets.editor()).toBeFocused();
  await page.keyboard.press('Shift+End');
  await page.keyboard.type('numeric');
  await page.keyboard.press('Escape');
  await expect(page.getByText('No problems: every case is valid.')).toBeVisible();
  await expect(sets.squiggles()).toHaveCount(0);

  await page.keyboard.press(`${mod}+s`);
  await expect(sets.status()).toHaveText('Saved');
  const file = path.join(served.home, 'testsets', 'arithmetic.yaml');
  const saved = fs.readFileSync(file, 'utf8');
  expect(saved).toContain('    - type: numeric\n');
  expect(saved).not.toContain('numerc');

  await page.reload();
  await expect(sets.tab('Arithmetic')).toHaveAttribute('aria-selected', 'true');
  await expect(sets.status()).toHaveText('Saved');
  await expect(sets.visibleText()).toContainText('- type: numeric');

  // An edit that is never saved: kept as a draft in main, offered back after a reload.
  await sets.goToLine(2);
  await page.keyboard.press('End');
  await page.keyboard.type(' drill');
  await expect(sets.status()).toContainText('draft kept at');
  await page.reload();
  const recovered = page.getByRole('region', { name: 'Recovered changes' });
  await expect(recovered).toContainText('were recovered');
  await expect(sets.visibleText()).toContainText('name: Arithmetic drill');
  await expect(sets.status()).toContainText('Unsaved changes');
  expect(fs.readFileSync(file, 'utf8')).toBe(saved);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'testsets-recovered-light.png') });
  await recovered.getByRole('button', { name: 'Discard them and show the saved file' }).click();
  await expect(recovered).toHaveCount(0);
  await expect(sets.visibleText()).not.toContainText('drill');
  await expect(sets.status()).toHaveText('Saved');
});

test('a CSV is imported with an account of what did not map, exports back to CSV, and a copy is renamed and deleted', async ({ page }) => {
  const sets = await openPage(page);
  const form = await sets.form('Import…', 'Import a test set');
  await form.getByLabel('File to import').setInputFiles({
    name: 'capitals.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(
      'id,question,answer,source url\nfr,Capital of France?,Paris | paris,atlas\nde,Capital of Germany?,Berlin,atlas,extra\n',
    ),
  });
  await expect(form.getByLabel('Format')).toHaveValue('csv');
  await form.getByRole('button', { name: 'Import', exact: true }).click();

  await expect(sets.tab('capitals')).toHaveAttribute('aria-selected', 'true');
  const report = page.getByRole('region', { name: 'Import report' });
  await expect(report).toContainText('Imported 2 cases from capitals.csv');
  const lost = report.getByRole('list', { name: 'What could not be imported' });
  await expect(lost).toContainText('column "source url" — not a valid variable name; it became {{source_url}}.');
  await expect(lost).toContainText('Line 3: 5 fields for 4 columns; the extra fields were left out.');
  await expect(sets.preview().getByRole('row', { name: /Capital of Germany\?/ })).toContainText('Berlin');
  await expect(page.getByRole('table', { name: 'Test sets' })).toBeHidden();
  await page.screenshot({ path: path.join(SCREENSHOTS, 'testsets-import-light.png') });

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('capitals.csv');
  const csv = fs.readFileSync(await download.path(), 'utf8');
  expect(csv.split('\r\n').slice(0, 2)).toEqual(['id,prompt,expected,source_url', 'fr,Capital of France?,Paris | paris,atlas']);

  // Duplicate, rename the copy (its file follows), then delete it: the file goes to the trash folder.
  await page.getByRole('button', { name: 'Duplicate…' }).click();
  await page.getByRole('form', { name: 'Name of the copy' }).getByRole('button', { name: 'Duplicate' }).click();
  await expect(sets.tab('capitals \\(copy\\)')).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('button', { name: 'Rename…' }).click();
  const rename = page.getByRole('form', { name: 'New name' });
  await rename.getByLabel('New name').fill('Capitals of Europe');
  await rename.getByRole('button', { name: 'Rename' }).click();
  await expect(sets.tab('Capitals of Europe')).toBeVisible();
  await expect(page.locator('.testset-path')).toHaveText(path.join(served.home, 'testsets', 'capitals-of-europe.yaml'));
  await expect(sets.visibleText()).toContainText('name: Capitals of Europe');
  await page.getByRole('button', { name: 'Delete…' }).click();
  await page.getByRole('group', { name: 'Confirm deletion' }).getByRole('button', { name: 'Yes, delete' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Deleted “Capitals of Europe”; its file was moved to' })).toBeVisible();
  await expect(sets.tab('Capitals of Europe')).toHaveCount(0);
  expect(fs.existsSync(path.join(served.home, 'testsets', 'capitals-of-europe.yaml'))).toBe(false);
  expect(fs.readdirSync(path.join(served.home, 'trash', 'testsets')).some((f) => f.endsWith('capitals-of-europe.yaml'))).toBe(true);
});

test('a 10,000-case JSONL file opens and validates off the UI thread, and typing in it stays smooth', async ({ page }) => {
  const file = path.join(served.home, 'big.jsonl');
  const lines = [
    JSON.stringify({ testset: { name: 'Big sums', defaults: { promptTemplate: 'Add: {{a}} + {{b}} =', scorers: [{ type: 'numeric' }] } } }),
  ];
  for (let i = 0; i < 10_000; i++)
    lines.push(JSON.stringify({ id: `sum-${i}`, vars: { a: i, b: 2 * i }, expected: String(3 * i), tags: [i % 2 === 0 ? 'even' : 'odd'] }));
  fs.writeFileSync(file, `${lines.join('\n')}\n`);

  const sets = await openPage(page, 'dark');
  // Main-thread tasks longer than 50 ms, as the browser reports them (a string: the e2e code has no DOM types).
  await page.evaluate(
    'window.longTasks = []; new PerformanceObserver((list) => { for (const e of list.getEntries()) window.longTasks.push(e.duration); }).observe({ type: "longtask" });',
  );
  const longTasks = (): Promise<number[]> => page.evaluate<number[]>('window.longTasks.splice(0)');

  const form = await sets.form('Open file…', 'Open a test set file');
  await form.getByLabel('Path to a test set file').fill(file);
  const started = Date.now();
  await form.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(page.getByText('Cases 1–50 of 10,000')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText('No problems: every case is valid.')).toBeVisible();
  const openMs = Date.now() - started;
  const openTasks = await longTasks();
  await expect(sets.preview().getByRole('row', { name: /sum-1\b/ })).toContainText('Add: 1 + 2 =');

  // Typing at the end of the file: each keystroke is handled at once; validation follows in the worker.
  await sets.editor().focus();
  await page.keyboard.press(`${mod}+End`);
  const typed = Date.now();
  await page.keyboard.type('{"id": "late", "vars": {"a": 1, "b": 1}, "expected": "2"', { delay: 20 });
  const typingMs = Date.now() - typed;
  const problem = sets.problems().filter({ hasText: 'Line 10002' });
  await expect(problem).toContainText('not valid JSON');
  const typingTasks = await longTasks();
  await page.keyboard.type('}');
  await expect(page.getByText('Cases 1–50 of 10,001')).toBeVisible({ timeout: 20_000 });
  await page.screenshot({ path: path.join(SCREENSHOTS, 'testsets-10k-dark.png') });

  const longest = (tasks: number[]): number => Math.round(Math.max(0, ...tasks));
  const figures = `10,000-case JSONL: open + validate + preview ${openMs} ms (longest main-thread task ${longest(openTasks)} ms); typing 59 characters at 20 ms each took ${typingMs} ms (longest task while typing ${longest(typingTasks)} ms)`;
  test.info().annotations.push({ type: 'performance', description: figures });
  console.log(figures);
  expect(openMs).toBeLessThan(15_000);
  // No frame is held up long enough to drop keystrokes while typing.
  expect(longest(typingTasks)).toBeLessThan(250);
  await page.getByRole('button', { name: 'Close', exact: true }).click();
  await new WorkbenchPage(page, served).chooseTheme('system');
});

test('the playground sends one case to a library model and shows its output and scores', async ({ page }) => {
  test.setTimeout(120_000);
  const fixtures = await ensureFixtures();
  const copy = path.join(served.home, 'playground-model.gguf');
  fs.copyFileSync(fixtures.files.q8_0, copy);
  fs.appendFileSync(copy, Buffer.from('playground'));
  const workbench = new WorkbenchPage(page, served);
  await workbench.open();
  await workbench.goTo('Models');
  await page.getByLabel('File or folder path').fill(copy);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByRole('table', { name: 'Models' })).toContainText('playground-model');

  const sets = await openPage(page);
  const form = await sets.form('New test set', 'New test set');
  await form.getByLabel('Start from').selectOption({ label: 'Example: Arithmetic (22 cases)' });
  await form.getByLabel('Name').fill('Playground arithmetic');
  await form.getByRole('button', { name: 'Create' }).click();
  await expect(sets.preview()).toContainText('add-two-digit');

  await page.getByText('Playground', { exact: true }).click();
  await page.getByLabel('Model').selectOption({ label: 'playground-model' });
  await page.getByRole('button', { name: 'Run case' }).click();
  const scores = page.getByRole('list', { name: 'Scores' });
  await expect(scores).toContainText('numeric', { timeout: 90_000 });
  await expect(page.getByRole('region', { name: 'Playground output' }).or(page.getByLabel('Playground output'))).not.toBeEmpty();
  await expect(page.getByLabel('Timings')).toContainText('tok/s');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'testsets-playground-light.png') });
});
