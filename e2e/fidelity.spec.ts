import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import Database from 'libsql';
import { ensureFixtures } from '../src/main/services/gguf/fixtureCache';
import { expect, test, WorkbenchPage } from './support/fixtures';
import { serveWorkbench, type ServedWorkbench } from './support/serve';

// Quantisation fidelity stored with a run (issue #5 and #7): a run file's `fidelity` block is
// measured after `evalbench run`, charted in Compare, and measured again from the page. The Runs
// history shows a run its host left `running` as interrupted, with Resume.
const SCREENSHOTS = path.resolve(import.meta.dirname, 'screenshots', 'fidelity');
const root = path.resolve(import.meta.dirname, '..');
const SENTENCES = [
  'The river town had four bridges and a market by the water.',
  'Every morning the people crossed them to sell bread, fish and apples.',
  'The bells rang at noon and the boats went back down the river.',
];

let served: ServedWorkbench;
let folder: string;
let home: string;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const fixtures = await ensureFixtures();
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-fidelity-e2e-'));
  home = path.join(folder, 'home');
  const cases = Array.from(
    { length: 8 },
    (_, i) =>
      `  - id: c${i}\n    prompt: "Describe the town, part ${i}."\n    expected: "${SENTENCES.map((s, k) => SENTENCES[(k + i) % 3] ?? s).join(' ')}"`,
  );
  fs.writeFileSync(
    path.join(folder, 'town.yaml'),
    `name: Town\ndefaults:\n  params: { temperature: 0, maxTokens: 4 }\n  scorers: [{ type: contains }]\ncases:\n${cases.join('\n')}\n`,
  );
  const load = '{ backend: cpu, threads: 1, contextSize: 256 }';
  const runFile = (name: string, fidelity: boolean): string =>
    [
      `name: ${name}`,
      'testSet: town.yaml',
      'models:',
      ...(['f32', 'f16', 'q8_0', 'q4_0'] as const).map(
        (q) => `  - { path: "${fixtures.files[q]}", label: ${q.toUpperCase()}, load: ${load} }`,
      ),
      ...(fidelity ? ['fidelity: { reference: F32, text: expected, contextSize: 64, chunks: 2 }'] : []),
    ].join('\n');
  fs.writeFileSync(path.join(folder, 'measured.run.yaml'), runFile('Town, measured', true));
  fs.writeFileSync(path.join(folder, 'crashed.run.yaml'), runFile('Town, crashed', false));
  for (const file of ['crashed.run.yaml', 'measured.run.yaml']) {
    const cli = spawnSync(process.execPath, ['bin/evalbench.js', 'run', path.join(folder, file)], {
      cwd: root,
      env: { ...process.env, EVALBENCH_HOME: home },
      encoding: 'utf8',
    });
    expect(cli.status, cli.stderr).toBe(0);
  }
  // As a host that died mid-run leaves it.
  const db = new Database(path.join(home, 'evalbench.db'));
  db.prepare("UPDATE runs SET status = 'running', finished_at = NULL WHERE name = 'Town, crashed'").run();
  db.close();
  served = await serveWorkbench(home);
});

test.afterAll(async () => {
  await served.stop();
  fs.rmSync(folder, { recursive: true, force: true });
});

/** Charts paint on the next animation frames after their option is set. */
async function drawn(page: Page): Promise<void> {
  await expect(page.locator('figure canvas').last()).toBeVisible();
  for (let i = 0; i < 3; i++) await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => resolve(null)))');
}

test.afterEach(({ consoleErrors }) => {
  expect(consoleErrors, 'console errors on the page').toEqual([]);
});

test('an interrupted run offers Resume; Compare charts the stored fidelity and measures it again', async ({ page }) => {
  test.setTimeout(120_000);
  const app = new WorkbenchPage(page, served);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await app.open();
  await app.chooseTheme('light');
  await app.goTo('Runs');
  const history = page.getByRole('table', { name: 'Runs' });
  const crashed = history.getByRole('row').filter({ hasText: 'Town, crashed' });
  await expect(crashed.getByText('interrupted', { exact: true })).toBeVisible();
  await expect(crashed.getByRole('button', { name: 'Resume' })).toBeVisible();
  await page.screenshot({ path: path.join(SCREENSHOTS, '01-runs-interrupted.png') });

  await history.getByRole('row').filter({ hasText: 'Town, measured' }).getByRole('button', { name: 'Compare' }).click();
  await page.getByRole('tab', { name: 'Charts' }).click();
  const figure = page.getByRole('figure', { name: 'Quantisation fidelity' });
  await expect(figure).toBeVisible({ timeout: 30_000 });
  await expect(figure).toContainText('Q4_0: mean KL divergence');
  await expect(page.getByText(/Against F32 on the test set’s expected answers: 2 chunks of 64 tokens/)).toBeVisible();
  await figure.scrollIntoViewIfNeeded();
  await drawn(page);
  await page.screenshot({ path: path.join(SCREENSHOTS, '02-compare-fidelity.png') });

  await page.getByRole('button', { name: 'Measure again' }).click();
  const form = page.getByRole('form', { name: 'Measure fidelity' });
  await form.getByLabel('Reference model').selectOption({ label: 'F16' });
  await form.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SCREENSHOTS, '03-measure-form.png') });
  await form.getByLabel('Chunk size (tokens)').fill('64');
  await form.getByRole('button', { name: 'Measure fidelity' }).click();
  await expect(page.getByRole('status')).toContainText(/Measuring fidelity/);
  await expect(page.getByText(/Against F16 on the test set’s expected answers: \d+ chunks? of 64 tokens/)).toBeVisible({ timeout: 60_000 });
  await expect(figure).toContainText('F32: mean KL divergence');
  await drawn(page);
  await page.screenshot({ path: path.join(SCREENSHOTS, '04-measured-again.png') });
});
