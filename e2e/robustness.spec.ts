import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureFixtures } from '../src/main/services/gguf/fixtureCache';
import { expect, test, WorkbenchPage } from './support/fixtures';
import { addModelFolder, copyUnique, fillNewRun, tick } from './support/library';
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
  for (const quant of ['q8_0', 'q4_0'] as const) copyUnique(fixtures.files[quant], path.join(folder, `robust-${quant}.gguf`));
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
  await addModelFolder(app, folder, 2);

  const form = await fillNewRun(app, path.join(folder, 'robust.yaml'), [/robust-q8_0/, /robust-q4_0/], 256);
  const robustness = form.getByRole('group', { name: 'Robustness' });
  await expect(robustness.getByLabel('Perturbation seed')).toBeDisabled();
  for (const name of [/^Typos/, /^Shuffled options/]) await tick(robustness.getByRole('checkbox', { name }));
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

  // The grid counts the originals, as the summary does, until the Variants control says otherwise.
  const grid = page.getByRole('table', { name: 'Cases by model' });
  const count = page.locator('.result-count');
  const scope = page.getByRole('radiogroup', { name: 'Variants' });
  const passCounts = grid.getByRole('columnheader').filter({ hasText: 'pass' });
  await grid.scrollIntoViewIfNeeded();
  await expect(scope.getByRole('radio', { name: 'Originals only' })).toBeChecked();
  await expect(count).toHaveText('3 cases');
  await expect(passCounts).toHaveText([/robust-q8_0\s*\d\/3 pass/, /robust-q4_0\s*\d\/3 pass/]);
  await expect(grid.getByText('typos #1 of planet')).toHaveCount(0);
  await page.screenshot({ path: path.join(SCREENSHOTS, '03-grid-originals.png') });

  await scope.getByText('With variants').click();
  await expect(count).toHaveText('8 cases and variants');
  await expect(passCounts).toHaveText([/\d\/8 pass/, /\d\/8 pass/]);
  await expect(grid.getByText('typos #1 of planet')).toBeVisible();
  await expect(grid.getByText('shuffled options #1 of metal')).toBeVisible();
  await page.screenshot({ path: path.join(SCREENSHOTS, '04-grid-with-variants.png') });

  await scope.getByText('Variants only').click();
  await expect(count).toHaveText('5 variants');
  await expect(passCounts).toHaveText([/\d\/5 pass/, /\d\/5 pass/]);
  await expect(grid.getByRole('button', { name: 'Open case planet', exact: true })).toHaveCount(0);

  // An original's details list its variants, each model's answer and whether it stayed the same.
  await scope.getByText('Originals only').click();
  await grid.getByRole('button', { name: 'Open case planet', exact: true }).click();
  const detail = page.getByRole('dialog', { name: 'Case planet' });
  await detail.getByRole('button', { name: 'Its 2 variants' }).click();
  const variants = detail.getByRole('table', { name: 'Variants' });
  await expect(variants.locator('tbody tr')).toHaveCount(2);
  await expect(variants.locator('tbody td').first()).toContainText(/same answer|answer changed|not compared/);
  await page.screenshot({ path: path.join(SCREENSHOTS, '05-case-variants.png') });
  await variants.getByRole('button', { name: 'Open variant planet~shuffle-options#1' }).click();
  const variant = page.getByRole('dialog', { name: 'Case planet~shuffle-options#1' });
  await expect(variant.getByText('shuffled options #1 of planet')).toBeVisible();
  await variant.getByRole('button', { name: 'Open the original, planet' }).click();
  await detail.getByRole('button', { name: 'Close case details' }).click();

  // Review leaves the variants out until asked for those whose answer changed.
  await app.goTo('Review');
  const progress = page.getByRole('status', { name: 'Review progress' });
  await expect(progress).toHaveText(/^0 of \d+ reviewed$/);
  const before = await page.getByRole('list', { name: 'Review queue' }).getByRole('listitem').allTextContents();
  expect(before.filter((t) => t.includes('~'))).toEqual([]);
  await page.getByRole('checkbox', { name: 'Include variants whose answer changed' }).check();
  const changed = await page.getByRole('list', { name: 'Review queue' }).getByRole('listitem').allTextContents();
  expect(changed.filter((t) => !t.includes('~'))).toEqual(before);
  expect(changed.filter((t) => t.includes('~')).every((t) => t.includes('answer changed'))).toBe(true);
  await expect(progress).toHaveText(`0 of ${changed.length} reviewed`);
  await page.screenshot({ path: path.join(SCREENSHOTS, '06-review-changed-variants.png') });
});
