import { test as base, expect, type Page } from '@playwright/test';
import { serveWorkbench, type ServedWorkbench } from './serve';

interface Fixtures {
  /** Console errors and uncaught exceptions seen on the page; journeys assert it stays empty. */
  consoleErrors: string[];
  workbenchPage: WorkbenchPage;
}

/** Page object: the workbench as a user sees it. */
export class WorkbenchPage {
  constructor(
    readonly page: Page,
    readonly served: ServedWorkbench,
  ) {}

  async open(): Promise<void> {
    await this.page.goto(this.served.url);
    await expect(this.page.getByRole('contentinfo', { name: 'Status' })).toContainText('Browser (evalbench serve)');
  }

  nav() {
    return this.page.getByRole('navigation', { name: 'Main' });
  }

  async goTo(label: string): Promise<void> {
    await this.nav().getByRole('button', { name: label, exact: true }).click();
    await expect(this.page.getByRole('heading', { level: 1, name: label })).toBeVisible();
  }

  themePicker() {
    return this.page.getByRole('combobox', { name: 'Theme' });
  }

  /** Picks a theme and waits until main has stored it (the picker shows main's value). */
  async chooseTheme(theme: 'system' | 'light' | 'dark'): Promise<void> {
    await this.themePicker().selectOption(theme);
    await expect(this.themePicker()).toHaveValue(theme);
  }
}

export const test = base.extend<Fixtures, { served: ServedWorkbench }>({
  served: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const served = await serveWorkbench();
      await use(served);
      await served.stop();
    },
    { scope: 'worker' },
  ],
  consoleErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await use(errors);
  },
  workbenchPage: async ({ page, served }, use) => {
    await use(new WorkbenchPage(page, served));
  },
});

export { expect };
