import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureFixtures } from '../src/main/services/gguf/fixtureCache';
import { expect, test, WorkbenchPage } from './support/fixtures';
import { startPrintingUrl, type ServedWorkbench } from './support/serve';

// A remote model from the New run form: an `evalbench worker` on loopback serving a fixture
// model behind a token, added with its token in an environment variable, and its results in
// Compare with the endpoint that answered them.
const SCREENSHOTS = path.resolve(import.meta.dirname, '..', 'test-results', 'remote');
const root = path.resolve(import.meta.dirname, '..');
const TOKEN = 'e2e-worker-token';

const TEST_SET = `name: Remote greetings
defaults:
  mode: completion
  params: { maxTokens: 6 }
cases:
  - id: hello
    prompt: "Hello, my name is"
    scorers: [{ type: refusal, expect: comply }]
  - id: story
    prompt: "Once upon a time"
    scorers: [{ type: refusal, expect: comply }]
  - id: count
    prompt: "One, two, three,"
    scorers: [{ type: refusal, expect: comply }]
`;

let served: ServedWorkbench | undefined;
let worker: ChildProcessWithoutNullStreams | undefined;
let workerUrl: string;
let folder: string;

/** Starts `evalbench worker` on a free loopback port and resolves with its API's base URL. */
async function startWorker(model: string): Promise<string> {
  const child = spawn(
    process.execPath,
    ['bin/evalbench.js', 'worker', '--model', model, '--port', '0', '--threads', '1', '--context', '256', '--name', 'tiny'],
    {
      cwd: root,
      env: { ...process.env, EVALBENCH_HOME: folder, EVALBENCH_WORKER_TOKEN: TOKEN },
    },
  );
  worker = child;
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The worker printed no address within 60 s:\n${output}`)), 60_000);
    const read = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /Evalbench worker serving tiny at (http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The worker exited (${String(code)}) before serving:\n${output}`));
    });
  });
}

test.beforeAll(async () => {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const fixtures = await ensureFixtures();
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-remote-'));
  fs.writeFileSync(path.join(folder, 'greetings.yaml'), TEST_SET);
  workerUrl = await startWorker(fixtures.files.q4_0);
  // The key reaches the run only through the variable named in the form, set where Evalbench runs.
  served = await startPrintingUrl([process.execPath, 'bin/evalbench.js', 'serve', '--no-open', '--port', '0'], {
    env: { REMOTE_E2E_TOKEN: TOKEN },
  });
});

test.afterAll(async () => {
  await served?.stop();
  const child = worker;
  if (child !== undefined && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  fs.rmSync(folder, { recursive: true, force: true });
});

test.afterEach(({ consoleErrors }) => {
  expect(consoleErrors, 'console errors on the page').toEqual([]);
});

test('a remote evalbench worker added in the New run form runs a test set, and Compare names its endpoint', async ({ page }) => {
  test.setTimeout(120_000);
  if (served === undefined) throw new Error('evalbench serve did not start');
  const app = new WorkbenchPage(page, served);
  await app.open();
  await app.chooseTheme('light');

  // Headless, keys cannot be stored: the Models page says to name an environment variable instead.
  await app.goTo('Models');
  const keys = page.getByRole('region', { name: 'API keys' });
  await expect(keys).toContainText('Keys cannot be stored here');
  await expect(keys).toContainText('apiKeyEnv');
  await expect(keys.getByRole('form', { name: 'Add an API key' })).toHaveCount(0);
  await keys.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SCREENSHOTS, '01-api-keys-browser.png') });

  // No library model at all: a run of remote models needs none.
  await app.goTo('Runs');
  const form = page.getByRole('form', { name: 'New run' });
  await form.getByLabel('Test set file').fill(path.join(folder, 'greetings.yaml'));
  await form.getByRole('button', { name: 'Add remote model' }).click();
  const card = form.getByRole('group', { name: /^Remote model:/ });
  await card.getByLabel('Label').fill('tiny worker');
  await card.getByLabel('Base URL').fill(workerUrl);
  await card.getByLabel('Model name').fill('tiny');
  await card.getByLabel('Server').selectOption('evalbench');
  await card.getByLabel('API key').selectOption('env');
  await card.getByLabel('Variable name').fill('sk-not-a-name');
  await form.getByRole('button', { name: 'Start run' }).click();
  await expect(card.getByText(/not the key itself/)).toBeVisible();
  await card.getByLabel('Variable name').fill('REMOTE_E2E_TOKEN');
  await card.getByLabel('Requests at once').fill('2');
  await expect(card.getByText('memory unknown (remote)')).toBeVisible();
  await form.getByRole('button', { name: 'Remote models (1)' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SCREENSHOTS, '02-new-run-remote.png') });
  await form.getByRole('button', { name: 'Start run' }).click();

  const row = page.getByRole('table', { name: 'Runs' }).getByRole('row').filter({ hasText: 'Remote greetings' });
  await expect(row.getByText('completed', { exact: true })).toBeVisible({ timeout: 90_000 });
  await expect(row).toContainText('3/3');

  await row.getByRole('group', { name: 'Actions for Remote greetings' }).getByRole('button', { name: 'Compare' }).click();
  const endpoints = page.getByRole('table', { name: 'Remote endpoints' });
  await expect(endpoints).toBeVisible({ timeout: 30_000 });
  const line = endpoints.locator('tbody tr');
  await expect(line).toHaveCount(1);
  await expect(line.locator('td').nth(0)).toHaveText(workerUrl);
  await expect(line.locator('td').nth(1)).toHaveText('3');
  await expect(line.locator('td').nth(2)).toHaveText('0');
  await expect(line.locator('td').nth(5)).toHaveText(/^\d+\.\d$/);
  // The key went from the variable to the worker, and nowhere on screen.
  await expect(page.locator('body')).not.toContainText(TOKEN);
  await endpoints.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SCREENSHOTS, '03-compare-endpoints.png') });

  const grid = page.getByRole('table', { name: 'Cases by model' });
  await grid.getByRole('button', { name: 'Open case hello' }).click();
  const detail = page.getByRole('dialog', { name: 'Case hello' });
  const answer = detail.getByRole('region', { name: 'tiny worker' });
  await expect(answer.getByText(workerUrl, { exact: true })).toBeVisible();
  // An evalbench worker reports its own memory: the server's figure, not a zero and not "unknown".
  await expect(answer.getByText(/ MiB \(reported by the server\)$/)).toBeVisible();
  await answer.getByText(workerUrl, { exact: true }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SCREENSHOTS, '04-case-endpoint.png') });
  await detail.getByRole('button', { name: 'Close case details' }).click();

  // Re-run keeps the remote model, endpoint and key variable.
  await app.goTo('Runs');
  await page
    .getByRole('table', { name: 'Runs' })
    .getByRole('group', { name: 'Actions for Remote greetings' })
    .getByRole('button', { name: 'Re-run' })
    .click();
  const again = page.getByRole('form', { name: 'New run' }).getByRole('group', { name: 'Remote model: tiny worker' });
  await expect(again.getByLabel('Base URL')).toHaveValue(workerUrl);
  await expect(again.getByLabel('Variable name')).toHaveValue('REMOTE_E2E_TOKEN');
});
