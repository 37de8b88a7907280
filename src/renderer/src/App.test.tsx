import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from './App';
import { createClient, setClient } from './api/client';
import { useUiStore } from './stores/uiStore';
import { appInfo, fakeBridge } from './test/fakeBridge';

function setup(overrides: Parameters<typeof fakeBridge>[0] = {}) {
  const fake = fakeBridge({
    'app.info': () => ({ ok: true, value: appInfo }),
    'settings.get': () => ({ ok: true, value: { theme: 'system' } }),
    'settings.update': (input) => ({ ok: true, value: { theme: (input as { theme: 'dark' }).theme } }),
    'testSets.list': () => ({ ok: true, value: [] }),
    'models.list': () => ({ ok: true, value: [] }),
    'runs.list': () => ({ ok: true, value: [] }),
    ...overrides,
  });
  setClient(createClient(fake.bridge));
  render(<App />);
  return fake;
}

beforeEach(() => {
  localStorage.clear();
  useUiStore.setState({ page: 'test-sets' });
});
afterEach(cleanup);

describe('App shell', () => {
  it('opens on Test sets with an empty state that says what to do first', async () => {
    setup();
    expect(await screen.findByRole('heading', { name: 'No test sets yet' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Test sets' }).getAttribute('aria-current')).toBe('page');
  });

  it('navigates to every page and remembers the last one', async () => {
    setup();
    const nav = screen.getByRole('navigation', { name: 'Main' });
    for (const [label, empty] of [
      ['Models', 'No models yet'],
      ['Runs', 'No runs yet'],
      ['Compare', 'Nothing to compare yet'],
      ['Review', 'Nothing to review yet'],
      ['Reports', 'No run to report on yet'],
    ] as const) {
      fireEvent.click(within(nav).getByRole('button', { name: label }));
      expect(await screen.findByRole('heading', { level: 1, name: label })).toBeTruthy();
      expect(await screen.findByRole('heading', { name: empty })).toBeTruthy();
    }
    expect(JSON.parse(localStorage.getItem('evalbench.ui') ?? '{}')).toMatchObject({ state: { page: 'reports' } });
  });

  it('shows real library data instead of the empty state', async () => {
    setup({
      'testSets.list': () => ({
        ok: true,
        value: [{ id: 't1', name: 'Arithmetic', path: '/sets/arith.yaml', caseCount: 12, updatedAt: '2026-11-01T10:00:00Z' }],
      }),
    });
    const table = await screen.findByRole('table', { name: 'Test sets' });
    expect(within(table).getByRole('cell', { name: 'Arithmetic' })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'No test sets yet' })).toBeNull();
  });

  it('Runs says which prerequisites are missing and links to them', async () => {
    setup({
      'testSets.list': () => ({
        ok: true,
        value: [{ id: 't', name: 'A', path: '/a.yaml', caseCount: 1, updatedAt: '2026-11-01T10:00:00Z' }],
      }),
    });
    fireEvent.click(screen.getByRole('button', { name: 'Runs' }));
    const needs = await screen.findByRole('list', { name: 'What a run needs' });
    expect(await within(needs).findByText(/At least one test set \(1 so far\)/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Go to Test sets' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Go to Models' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Models' })).toBeTruthy();
  });

  it('shows an error with its hint when main refuses, and retries', async () => {
    let fail = true;
    setup({
      'testSets.list': () =>
        fail
          ? { ok: false, error: { code: 'unavailable', message: 'Store is locked.', hint: 'Close the other Evalbench.' } }
          : { ok: true, value: [] },
    });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Store is locked.');
    expect(alert.textContent).toContain('Close the other Evalbench.');
    fail = false;
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('heading', { name: 'No test sets yet' })).toBeTruthy();
  });

  it('applies the theme chosen in settings and follows changes pushed by main', async () => {
    const fake = setup();
    const picker = await screen.findByRole('combobox', { name: 'Theme' });
    fireEvent.change(picker, { target: { value: 'dark' } });
    await screen.findByDisplayValue('Dark');
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(fake.calls).toContainEqual({ name: 'settings.update', input: { theme: 'dark' } });
    act(() => fake.emit({ event: 'settings.changed', seq: 10, payload: { theme: 'light' } }));
    expect(document.documentElement.dataset.theme).toBe('light');
  });

  it('shows the host and data folder in the status bar', async () => {
    setup();
    const status = screen.getByRole('contentinfo', { name: 'Status' });
    expect(await within(status).findByText(/Browser \(evalbench serve\)/)).toBeTruthy();
    expect(within(status).getByText(/\/home\/tester\/\.config\/Evalbench/)).toBeTruthy();
  });
});

describe('Connection to the host', () => {
  it('shows a banner on every page and disables the page while the host is lost, and clears both when it is back', async () => {
    const fake = setup();
    expect(await screen.findByRole('heading', { name: 'No test sets yet' })).toBeTruthy();
    expect(screen.queryByRole('alert', { name: 'Connection to the host' })).toBeNull();
    const pageButtons = (): HTMLButtonElement[] => within(screen.getByRole('main')).queryAllByRole<HTMLButtonElement>('button');
    // happy-dom does not apply a disabled fieldset to its controls (Chromium does; the e2e checks it there).
    const disabled = (b: HTMLButtonElement): boolean => b.disabled || b.closest('fieldset[disabled]') !== null;
    const enabledBefore = pageButtons().filter((b) => !disabled(b));
    expect(enabledBefore.length).toBeGreaterThan(0);

    act(() => fake.setConnection('lost'));
    const banner = screen.getByRole('alert', { name: 'Connection to the host' });
    expect(banner.textContent).toMatch(/Lost the connection to the Evalbench host/);
    expect(banner.textContent).toMatch(/evalbench serve/);
    expect(pageButtons().every((b) => disabled(b))).toBe(true);
    // Navigation stays usable, and the banner follows to the next page.
    fireEvent.click(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('button', { name: 'Runs' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Runs' })).toBeTruthy();
    expect(screen.getByRole('alert', { name: 'Connection to the host' })).toBeTruthy();

    act(() => fake.setConnection('connected'));
    expect(screen.queryByRole('alert', { name: 'Connection to the host' })).toBeNull();
    expect(pageButtons().filter((b) => !disabled(b)).length).toBeGreaterThan(0);
  });

  it('says that a restarted host made the token stale, and where to find the new address', () => {
    const fake = setup();
    act(() => fake.setConnection('stale-token'));
    const banner = screen.getByRole('alert', { name: 'Connection to the host' });
    expect(banner.textContent).toMatch(/Evalbench was restarted/);
    expect(banner.textContent).toMatch(/new address that `evalbench serve` printed/);
    expect(banner.textContent).not.toMatch(/still running/);
  });
});
