import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { ensureFixtures, type FixtureSet } from '../src/main/services/gguf/fixtureCache';
import { expect, test, WorkbenchPage } from './support/fixtures';
import { serveWorkbench } from './support/serve';

const SCREENSHOTS = path.resolve(import.meta.dirname, 'screenshots');
const QUANTS = [
  ['f32', 'F32'],
  ['f16', 'F16'],
  ['q8_0', 'Q8_0'],
  ['q4_0', 'Q4_0'],
] as const;
/** Hashing four tiny files takes milliseconds; the margin is for a loaded CI machine. */
const HASHED = { timeout: 30_000 };

/** The Models page as a user works it: by labels, button names and the rows of the "Models" table. */
class ModelsPage {
  constructor(readonly page: Page) {}

  table(): Locator {
    return this.page.getByRole('table', { name: 'Models' });
  }

  /** The row of model `name` whose file lies in `folder`, a mkdtemp folder (other journeys may add files of the same name). */
  row(folder: string, name: string): Locator {
    return this.table()
      .getByRole('row')
      .filter({ hasText: folder })
      .filter({ has: this.page.getByRole('button', { name, exact: true }) });
  }

  cells(folder: string, name: string): Locator {
    return this.row(folder, name).getByRole('cell');
  }

  async add(paths: readonly string[]): Promise<void> {
    await this.page.getByLabel('File or folder path').fill(paths.join('\n'));
    await this.page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(this.page.getByRole('button', { name: 'Add', exact: true })).toBeEnabled();
  }

  async open(folder: string, name: string): Promise<Locator> {
    await this.row(folder, name).getByRole('button', { name, exact: true }).click();
    const details = this.page.getByRole('region', { name, exact: true });
    await expect(details).toBeVisible();
    return details;
  }

  async remove(folder: string, name: string): Promise<void> {
    const details = await this.open(folder, name);
    await details.getByRole('button', { name: 'Remove from library' }).click();
    await details.getByRole('group', { name: 'Confirm removal' }).getByRole('button', { name: 'Yes, remove' }).click();
    await expect(this.row(folder, name)).toHaveCount(0);
  }

  /** Forgets every model whose file lies in one of `folders`, so later journeys find the library as it was. */
  async removeAllUnder(folders: readonly string[]): Promise<void> {
    for (const folder of folders) {
      const rows = this.table().getByRole('row').filter({ hasText: folder });
      while ((await rows.count()) > 0) {
        const name = await rows.first().getByRole('button').first().textContent();
        if (name === null) break;
        await this.remove(folder, name);
      }
    }
  }
}

/** A fresh folder of its own for each journey, so runs and other spec files never share files. */
function tempFolder(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `evalbench-models-${label}-`));
}

/**
 * Copies a fixture with a few unique bytes after its tensor data (GGUF readers ignore them). The
 * library merges files with the same content hash into one entry, so plain copies would vanish
 * into entries another journey added earlier on the same served instance.
 */
function copyUnique(source: string, target: string, transform: (bytes: Buffer) => Buffer = (b) => b): void {
  const bytes = transform(fs.readFileSync(source));
  fs.writeFileSync(target, Buffer.concat([bytes, Buffer.from(crypto.randomUUID())]));
}

/** The page scrolls inside the app shell, so a full-page shot needs a window as tall as the content. */
async function screenshotWhole(page: Page, file: string): Promise<void> {
  const viewport = page.viewportSize() ?? { width: 1280, height: 800 };
  const height = Number(await page.evaluate("document.querySelector('main')?.scrollHeight ?? 0"));
  await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, height + 48 + 28) });
  await page.screenshot({ path: path.join(SCREENSHOTS, file) });
  await page.setViewportSize(viewport);
}

async function openModels(workbenchPage: WorkbenchPage): Promise<ModelsPage> {
  await workbenchPage.open();
  await workbenchPage.chooseTheme('light');
  await workbenchPage.goTo('Models');
  return new ModelsPage(workbenchPage.page);
}

let fixtures: FixtureSet;
const folders: string[] = [];

test.beforeAll(async () => {
  fixtures = await ensureFixtures();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
});

test.afterEach(async ({ consoleErrors, page, workbenchPage, served }) => {
  if (page.url().startsWith(served.origin)) {
    // Leave the shared library and theme as they were found, even when a step above stopped early.
    if (folders.length > 0 && (await page.getByRole('heading', { level: 1, name: 'Models' }).isVisible())) {
      await new ModelsPage(page).removeAllUnder(folders);
    }
    await workbenchPage.chooseTheme('system');
  }
  expect(consoleErrors, 'console errors on the page').toEqual([]);
});

test.afterAll(() => {
  for (const folder of folders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
});

test('a folder of quantizations is added, hashed and described; one is removed, its file kept', async ({ workbenchPage, page }) => {
  const folder = tempFolder('quants');
  folders.push(folder);
  for (const [quant] of QUANTS) copyUnique(fixtures.files[quant], path.join(folder, `tiny-llama-${quant}.gguf`));

  const models = await openModels(workbenchPage);
  await models.add([folder]);
  await expect(page.getByText('Added 4 models.')).toBeVisible();

  for (const [quant, label] of QUANTS) {
    const cells = models.cells(folder, `tiny-llama-${quant}`);
    await expect(cells.nth(6)).toHaveText('ready', HASHED);
    await expect(cells.nth(1)).toHaveText(label);
    await expect(cells.nth(2)).toHaveText('154 k');
    await expect(cells.nth(5)).toHaveText('256');
  }
  await expect(models.cells(folder, 'tiny-llama-f32').nth(3)).toHaveText('32.00');
  await expect(models.cells(folder, 'tiny-llama-q4_0').nth(3)).toHaveText('4.56');
  await screenshotWhole(page, 'models-listed-light.png');

  const details = await models.open(folder, 'tiny-llama-q8_0');
  const fact = (label: string): Locator =>
    details.locator('dt', { hasText: new RegExp(`^${label}$`) }).locator('xpath=following-sibling::dd[1]');
  await expect(fact('Architecture')).toHaveText('llama');
  await expect(fact('Name in file')).toHaveText('Evalbench tiny llama');
  await expect(fact('Parameters')).toHaveText('154 k (154,176)');
  await expect(fact('File type')).toHaveText('Q8_0');
  await expect(fact('Main tensor type')).toHaveText('Q8_0');
  await expect(fact('Context length')).toHaveText('256');
  await expect(fact('Layers')).toHaveText('2');
  await expect(fact('KV heads')).toHaveText('2');
  await expect(fact('Tokenizer')).toHaveText('llama');
  const file = path.join(folder, 'tiny-llama-q8_0.gguf');
  const sha256 = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  await expect(fact('SHA-256')).toHaveText(sha256);

  // The memory estimate answers for the context typed: the KV cache grows with it, the weights do not.
  await expect(details.getByLabel('Context size')).toHaveValue('256');
  // llama.cpp sizes the load in a worker of its own; the first estimate starts that worker (seconds on a busy machine).
  await expect(fact('Total')).toContainText('at 256 tokens', { timeout: 30_000 });
  await expect(fact('KV cache \\(f16\\)')).toHaveText('64.0 KiB');
  await expect(fact('Weights')).toHaveText('160.9 KiB');
  await expect(details.getByText(/^Fits: needs .* of RAM free now\.$/)).toBeVisible();
  await details.getByLabel('Context size').fill('1024');
  await expect(fact('Total')).toContainText('at 1,024 tokens');
  await expect(details).toContainText('More than the 256 tokens it was trained for');
  await expect(fact('KV cache \\(f16\\)')).toHaveText('256.0 KiB');
  await expect(fact('Weights')).toHaveText('160.9 KiB');
  await screenshotWhole(page, 'models-details-light.png');

  // While a model's first estimate is on its way its frame already has the figures' height: the
  // Remove button does not jump from under the pointer when they arrive (a click there missed in CI).
  const q4 = await models.open(folder, 'tiny-llama-q4_0');
  const removeButton = q4.getByRole('button', { name: 'Remove from library' });
  const before = await removeButton.boundingBox();
  await expect(q4.getByText(/^Fits: needs/)).toBeVisible();
  expect((await removeButton.boundingBox())?.y, 'the Remove button stays where it was once the estimate arrives').toBe(before?.y);

  await models.remove(folder, 'tiny-llama-q4_0');
  expect(fs.existsSync(path.join(folder, 'tiny-llama-q4_0.gguf')), 'removing from the library leaves the file on disk').toBe(true);
  await expect(page.getByRole('status', { name: 'Library updates' })).toHaveText('tiny-llama-q4_0 was removed from the library.');
  await expect(models.row(folder, 'tiny-llama-q8_0')).toHaveCount(1);

  // Adding the same folder again only brings back what was removed.
  await models.add([folder]);
  await expect(page.getByText('Added 1 model.')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Skipped paths' }).getByRole('listitem')).toHaveCount(3);
  await expect(page.getByRole('list', { name: 'Skipped paths' })).toContainText('Already in the library as tiny-llama-f32.');
  await expect(models.cells(folder, 'tiny-llama-q4_0').nth(6)).toHaveText('ready', HASHED);
});

test('damaged files are listed as invalid with a problem that names them, and the host carries on', async ({ workbenchPage, page }) => {
  const folder = tempFolder('broken');
  folders.push(folder);
  copyUnique(fixtures.files.q8_0, path.join(folder, 'wrong-magic.gguf'), (bytes) => {
    const copy = Buffer.from(bytes);
    copy.write('XXXX', 0, 'latin1');
    return copy;
  });
  copyUnique(fixtures.files.q4_0, path.join(folder, 'cut-in-half.gguf'), (bytes) => bytes.subarray(0, Math.floor(bytes.length / 2)));
  const missing = path.join(folder, 'not-there.gguf');

  const models = await openModels(workbenchPage);
  await models.add([folder, missing]);
  await expect(page.getByText('Added 2 models. 2 of them have problems; select them to see why.')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Skipped paths' })).toContainText(`${missing} — No such file or folder.`);

  await expect(models.cells(folder, 'wrong-magic').nth(6)).toHaveText('invalid');
  await expect(models.cells(folder, 'cut-in-half').nth(6)).toHaveText('invalid');
  await expect(models.cells(folder, 'wrong-magic').nth(1)).toHaveText('—');

  let details = await models.open(folder, 'wrong-magic');
  const magic = details.getByRole('region', { name: /Problems/ }).locator('.problem[data-severity="error"]');
  await expect(magic).toHaveCount(1);
  await expect(magic).toContainText('wrong-magic.gguf: not a GGUF file (it starts with "XXXX", not "GGUF")');
  await expect(magic).toContainText('Choose a .gguf model file');
  await expect(details).toContainText('The header could not be read, so the memory this model needs cannot be estimated.');

  details = await models.open(folder, 'cut-in-half');
  const cut = details.getByRole('region', { name: /Problems/ }).locator('.problem[data-severity="error"]');
  await expect(cut.first()).toContainText(/^Error/);
  await expect(cut.first()).toContainText(
    /cut-in-half\.gguf: tensor "[^"]+" data ends at byte [\d,]+ but the file has [\d,]+ bytes \(truncated download\?\)/,
  );
  await expect(cut.first()).toContainText('The file is incomplete. Download or copy it again.');
  // A truncated download still has its header: llama.cpp's sizing (in its worker) falls back to node-llama-cpp's heuristic.
  await expect(details.getByText(/^Fits: needs/)).toBeVisible({ timeout: 30_000 });
  await screenshotWhole(page, 'models-invalid-light.png');

  // The host survived both files: it still answers, and the page still works.
  await workbenchPage.goTo('Runs');
  await workbenchPage.goTo('Models');
  await expect(models.cells(folder, 'wrong-magic').nth(6)).toHaveText('invalid');
  await models.add([path.join(folder, 'wrong-magic.gguf')]);
  await expect(page.getByRole('list', { name: 'Skipped paths' })).toContainText('Already in the library as wrong-magic.');
  await expect(page.getByRole('contentinfo', { name: 'Status' })).toContainText('Browser (evalbench serve)');

  await models.remove(folder, 'wrong-magic');
  await models.remove(folder, 'cut-in-half');
});

test('a file dropped on the page in a browser gets the advice to paste its path', async ({ workbenchPage, page }) => {
  const models = await openModels(workbenchPage);
  // Built in the page, as a string: this file is type-checked for Node, which has no DataTransfer.
  const dataTransfer = await page.evaluateHandle(
    '(() => { const t = new DataTransfer(); t.items.add(new File(["GGUF"], "dropped-Q4_K_M.gguf")); return t; })()',
  );
  const target = page.getByRole('heading', { level: 1, name: 'Models' });
  await target.dispatchEvent('dragover', { dataTransfer });
  await target.dispatchEvent('drop', { dataTransfer });
  const alert = page.getByRole('alert').filter({ hasText: 'Drag-and-drop needs the desktop app' });
  await expect(alert).toContainText('“dropped-Q4_K_M.gguf”');
  await expect(alert).toContainText('Paste the full path into “File or folder path” instead.');
  await alert.getByRole('button', { name: 'Dismiss' }).click();
  await expect(alert).toHaveCount(0);
  await expect(models.page.getByLabel('File or folder path')).toBeVisible();
});

test('a download shows its progress live, can be cancelled, and joins the library when done', async ({ page }) => {
  // Its own host: main keeps every download of a session, and other journeys should not see these.
  const served = await serveWorkbench();
  const body = Buffer.concat([fs.readFileSync(fixtures.files.q4_0), Buffer.from(crypto.randomUUID())]);
  const half = Math.floor(body.length / 2);
  const server = http.createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(body.length) });
    if (request.url === '/stalls-halfway.gguf') {
      response.write(body.subarray(0, half));
      return;
    }
    let sent = 0;
    const step = Math.ceil(body.length / 8);
    const timer = setInterval(() => {
      response.write(body.subarray(sent, sent + step));
      sent += step;
      if (sent >= body.length) {
        clearInterval(timer);
        response.end();
      }
    }, 150);
    response.on('close', () => clearInterval(timer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const models = await openModels(new WorkbenchPage(page, served));
    const downloads = page.getByRole('region', { name: 'Downloads' });
    const startDownload = async (reference: string): Promise<void> => {
      await page.getByLabel('URL or hf: reference').fill(reference);
      await page.getByRole('button', { name: 'Download', exact: true }).click();
      await expect(page.getByLabel('URL or hf: reference')).toHaveValue('');
    };

    await startDownload(`${base}/stalls-halfway.gguf`);
    const stalled = downloads.getByRole('progressbar', { name: 'stalls-halfway.gguf' });
    await expect(stalled).toHaveAttribute('aria-valuenow', String(Math.floor((half / body.length) * 100)));
    const stalledItem = downloads.getByRole('listitem').filter({ has: page.getByRole('progressbar', { name: 'stalls-halfway.gguf' }) });
    await expect(stalledItem).toContainText('Downloading');
    await stalledItem.getByRole('button', { name: 'Cancel stalls-halfway.gguf' }).click();
    await expect(stalledItem).toContainText('Cancelled');
    await expect(stalledItem).toContainText('starting the same download again resumes it');
    await expect(stalledItem.getByRole('button', { name: /Cancel/ })).toHaveCount(0);

    await startDownload(`${base}/dripped-q4_0.gguf`);
    const bar = downloads.getByRole('progressbar', { name: 'dripped-q4_0.gguf' });
    await expect(bar).toHaveAttribute('aria-valuenow', '100', HASHED);
    const done = downloads.getByRole('listitem').filter({ has: page.getByRole('progressbar', { name: 'dripped-q4_0.gguf' }) });
    await expect(done).toContainText('Done');
    await done.getByRole('button', { name: 'Show dripped-q4_0.gguf in the library' }).click();
    const saved = path.join(served.home, 'models');
    await expect(page.getByRole('region', { name: 'dripped-q4_0', exact: true })).toBeVisible();
    await expect(models.cells(saved, 'dripped-q4_0').nth(1)).toHaveText('Q4_0');
    await expect(models.cells(saved, 'dripped-q4_0').nth(6)).toHaveText('ready', HASHED);
    await expect(page.getByRole('region', { name: 'dripped-q4_0', exact: true }).getByText(/^Fits: needs/)).toBeVisible();
    await screenshotWhole(page, 'models-downloads-light.png');

    await downloads.getByRole('button', { name: 'Clear finished' }).click();
    await expect(downloads).toHaveCount(0);
    await models.remove(saved, 'dripped-q4_0');
    expect(fs.existsSync(path.join(saved, 'dripped-q4_0.gguf'))).toBe(true);
  } finally {
    await page.goto('about:blank');
    server.closeAllConnections();
    server.close();
    await served.stop();
  }
});
