import crypto from 'node:crypto';
import fs from 'node:fs';
import type { Locator } from '@playwright/test';
import { expect, type WorkbenchPage } from './fixtures';

/** A copy of a model file with bytes of its own: the library knows models by content hash, and other journeys add the same files. */
export function copyUnique(source: string, target: string): void {
  fs.writeFileSync(target, Buffer.concat([fs.readFileSync(source), Buffer.from(crypto.randomUUID())]));
}

/** Adds the model files of `folder` from the Models page, and waits until all `count` are hashed and ready. */
export async function addModelFolder(app: WorkbenchPage, folder: string, count: number): Promise<void> {
  const { page } = app;
  await app.goTo('Models');
  await page.getByLabel('File or folder path').fill(folder);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByRole('table', { name: 'Models' }).getByText('ready', { exact: true })).toHaveCount(count, { timeout: 30_000 });
}

/**
 * Ticks a checkbox of the New run form and checks that it stayed ticked. On a loaded machine a
 * click there has once not stuck (the form moved under it as something loaded, likely the test
 * set's parameters): the click is tried again, the tick itself is what is asserted.
 */
export async function tick(box: Locator): Promise<void> {
  await expect(async () => {
    await box.check();
    await expect(box).toBeChecked({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
}

/**
 * Opens Runs and fills the New run form as the journeys on a 2-core machine do: the test set by
 * path, the models ticked in order, CPU, one thread, a small context. Returns the form, not started.
 */
export async function fillNewRun(
  app: WorkbenchPage,
  testSetPath: string,
  models: readonly RegExp[],
  contextSize: number,
): Promise<Locator> {
  await app.goTo('Runs');
  const form = app.page.getByRole('form', { name: 'New run' });
  await form.getByLabel('Test set file').fill(testSetPath);
  for (const name of models) await tick(form.getByRole('checkbox', { name }));
  await form.getByLabel('Backend').selectOption('cpu');
  await form.getByLabel('Context size').fill(String(contextSize));
  await form.getByLabel('Threads').fill('1');
  return form;
}
