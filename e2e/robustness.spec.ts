import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureFixtures } from '../src/main/services/gguf/fixtureCache';
import { expect, test, WorkbenchPage } from './support/fixtures';
import { serveWorkbench, type ServedWorkbench } from './support/serve';

// A robustness run from the New run form: two fixture quantizations, typos and shuffled options
// ticked, and the Compare page's robustness table once the run is done.
const SCREENSHOTS = path.resolve(import.meta.dirname, '..', 'test-results', 'robustness');

const TEST_SET = `name: Robust picks
defaults:
  mode: completion
  params: { maxTokens: 6 }
cases:
  - id: planet
    prompt: "Which planet is the largest?\\nA) Mars\\nB) Jupiter\\nC) Venus\\nD) Mercury\\nAnswer:"
    expected: B
    scorers: [{ type: choice }]
  - id: metal
    prompt: "Which of these is a metal?\\nA) Oxygen\\nB) Neon\\nC) Iron\\nD) Helium\\nAnswer:"
    expected: C
    scorers: [{ type: choice }]
  - id: greeting
    prompt: "Hello, my name is"
    scorers: [{ type: refusal, expect: comply }]
`;

let served: ServedWorkbench;
let folder: string;

test.beforeAll(async () => {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const fixtures = await ensureFixtures();
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-robust-'));
  for (const quant of ['q8_0', 'q4_0'] as const) {
    fs.writeFileSync(path.join(folder, `robust-${quant}.gguf`), Buffer.concat([fs.readFileSync(fixtures.files[quant]), Buffer.from(crypto.randomUUID())]));
  }
  fs.writeFileSync(path.join(folder, 'robust.yaml'), TEST_SET);
  served = await serveWorkbench();
});

test.afterAll(async () => {
  await served.stop();
  fs.rmSync(folder, { recursive: true, force: true });
});

test.afterEach(({ consoleErrors }) => {
  expect(consoleErrors, 'console errors on the page').toEqual([]);
});

test('a run with typos and shuffled options shows its robustness table on the Compare page', async ({ page }) => {
  test.setTimeout(120_000);
  const app = new WorkbenchPage(page, served);
  await app.open();
  await app.chooseTheme('light');
  await app.goTo('Models');
  await page.getByLabel('File or folder path').fill(folder);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByRole('table', { name: 'Models' }).getByText('ready', { exact: true })).toHaveCount(2, { timeout: 30_000 });

  await app.goTo('Runs');
  const form = page.getByRole('form', { name: 'New run' });
  await form.getByLabel('Test set file').fill(path.join(folder, 'robust.yaml'));
  for (const quant of ['q8_0', 'q4_0']) await form.getByRole('checkbox', { name: new RegExp(`robust-${quant}`) }).check();
  await form.getByLabel('Backend').selectOption('cpu');
  await form.getByLabel('Context size').fill('256');
  await form.getByLabel('Threads').fill('1');
  const robustness = form.getByRole('group', { name: 'Robustness' });
  await expect(robustness.getByLabel('Perturbation seed')).toBeDisabled();
  await robustness.getByRole('checkbox', { name: /^Typos/ }).check();
  await robustness.getByRole('checkbox', { name: /^Shuffled options/ }).check();
  await robustness.getByLabel('Perturbation seed').fill('7');
  await robustness.locator('.field-help').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SCREENSHOTS, '01-new-run-robustness.png') });
  await form.getByRole('button', { name: 'Start run' }).click();

  // 3 originals, 3 typo variants and 2 shuffled (the greeting has no options), for 2 models.
  const row = page.getByRole('table', { name: 'Runs' }).getByRole('row').filter({ hasText: 'Robust picks' });
  await expect(row.getByText('completed', { exact: true })).toBeVisible({ timeout: 90_000 });
  await expect(row).toContainText('16/16');

  await row.getByRole('group', { name: 'Actions for Robust picks' }).getByRole('button', { name: 'Compare' }).click();
  const table = page.getByRole('table', { name: 'Robustness' });
  await expect(table).toBeVisible({ timeout: 30_000 });
  const lines = table.locator('tbody tr');
  await expect(lines).toHaveCount(2 * 3);
  await expect(lines.nth(0)).toContainText(/robust-q8_0.*All perturbations\s*5/);
  await expect(lines.nth(1)).toContainText(/Typos\s*3/);
  await expect(lines.nth(2)).toContainText(/Shuffled options\s*2/);
  await expect(page.getByText('5 perturbed variants (seed 7)', { exact: false })).toBeVisible();
  await table.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SCREENSHOTS, '02-compare-robustness.png') });
});
