import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient, setClient } from '../../api/client';
import { useApiKeysStore } from '../../stores/apiKeysStore';
import { useAppStore } from '../../stores/appStore';
import { appInfo, fakeBridge } from '../../test/fakeBridge';
import { ApiKeysPanel } from './ApiKeysPanel';

function setup(host: 'electron' | 'browser', keychain = true) {
  useAppStore.setState({ info: { data: { ...appInfo, host }, status: 'ready', error: null } });
  let names = ['openai'];
  const fake = fakeBridge({
    'apiKeys.list': () => ({ ok: true, value: names }),
    'apiKeys.set': (input) => {
      if (!keychain)
        return {
          ok: false,
          error: {
            code: 'unavailable',
            message: 'The system keychain is not available, so the API key would not be stored safely; it was not stored.',
            hint: 'On Linux, start a secret service.',
          },
        };
      names = [...names, (input as { name: string }).name].sort();
      return { ok: true, value: null };
    },
    'apiKeys.remove': (input) => {
      names = names.filter((n) => n !== (input as { name: string }).name);
      return { ok: true, value: null };
    },
  });
  setClient(createClient(fake.bridge));
  render(<ApiKeysPanel />);
  return fake;
}

beforeEach(() => useApiKeysStore.setState(useApiKeysStore.getInitialState(), true));
afterEach(cleanup);

describe('API keys panel', () => {
  it('lists the stored names only, stores a key typed in a password field, and removes one after asking', async () => {
    const fake = setup('electron');
    const panel = screen.getByRole('region', { name: 'API keys' });
    const list = await within(panel).findByRole('list', { name: 'Stored API keys' });
    expect(within(list).getByText('openai')).toBeTruthy();

    const form = within(panel).getByRole('form', { name: 'Add an API key' });
    const key = within(form).getByLabelText<HTMLInputElement>('Key');
    expect(key.type).toBe('password');
    fireEvent.click(within(form).getByRole('button', { name: 'Store key' }));
    expect(within(form).getByText(/Up to 100 letters/)).toBeTruthy();
    expect(within(form).getByText('Paste the key.')).toBeTruthy();
    expect(fake.calls.some((c) => c.name === 'apiKeys.set')).toBe(false);

    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'vllm-prod' } });
    fireEvent.change(key, { target: { value: 'sk-secret-1' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Store key' }));
    await waitFor(() => expect(within(list).getByText('vllm-prod')).toBeTruthy());
    expect(fake.calls.find((c) => c.name === 'apiKeys.set')?.input).toEqual({ name: 'vllm-prod', key: 'sk-secret-1' });
    // The list reloads before the form clears itself: wait for the form, not just the list.
    await waitFor(() => expect(key.value).toBe(''));
    expect(within(form).getByRole('status').textContent).toContain('Stored “vllm-prod”');
    expect(panel.textContent).not.toContain('sk-secret-1');

    fireEvent.click(within(list).getByRole('button', { name: 'Remove the key openai' }));
    expect(fake.calls.some((c) => c.name === 'apiKeys.remove')).toBe(false);
    fireEvent.click(within(list).getByRole('button', { name: 'Remove' }));
    await waitFor(() => expect(within(list).queryByText('openai')).toBeNull());
    expect(fake.calls.find((c) => c.name === 'apiKeys.remove')?.input).toEqual({ name: 'openai' });
  });

  it('says so when the keychain refuses the key', async () => {
    setup('electron', false);
    const form = await screen.findByRole('form', { name: 'Add an API key' });
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'vllm' } });
    fireEvent.change(within(form).getByLabelText('Key'), { target: { value: 'k' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Store key' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/keychain is not available.*secret service/);
  });

  it('in the browser host, offers no form and says to name an environment variable instead', async () => {
    const fake = setup('browser');
    const panel = screen.getByRole('region', { name: 'API keys' });
    expect(panel.textContent).toMatch(/Keys cannot be stored here.*environment variable.*apiKeyEnv/);
    expect(within(panel).queryByRole('form', { name: 'Add an API key' })).toBeNull();
    await waitFor(() => expect(fake.calls.some((c) => c.name === 'apiKeys.list')).toBe(true));
  });
});
