import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createClient, setClient } from '../api/client';
import { appInfo, fakeBridge } from '../test/fakeBridge';
import { useAppStore } from './appStore';

beforeEach(() => useAppStore.setState(useAppStore.getInitialState(), true));

describe('app store settings', () => {
  it('keeps a theme chosen while the first settings answer is still on its way', async () => {
    let answerGet: () => void = () => undefined;
    const slowGet = new Promise<void>((resolve) => (answerGet = resolve));
    const fake = fakeBridge({
      'app.info': () => ({ ok: true, value: appInfo }),
      // Main still had `dark` when the tab asked; the answer arrives after the user's change.
      'settings.get': () => slowGet.then(() => ({ ok: true, value: { theme: 'dark' } })) as never,
      'settings.update': (input) => ({ ok: true, value: { theme: (input as { theme: 'system' }).theme } }),
    });
    setClient(createClient(fake.bridge));
    const stop = useAppStore.getState().start();
    await useAppStore.getState().updateSettings({ theme: 'system' });
    expect(useAppStore.getState().settings.data?.theme).toBe('system');
    answerGet();
    // Let the late answer travel through the client (promise jobs, then a macrotask to be sure).
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fake.calls.filter((c) => c.name === 'settings.get')).toHaveLength(1);
    expect(useAppStore.getState().settings.status).toBe('ready');
    expect(useAppStore.getState().settings.data?.theme).toBe('system');
    stop();
  });

  it('takes the first answer when nothing changed meanwhile', async () => {
    const fake = fakeBridge({
      'app.info': () => ({ ok: true, value: appInfo }),
      'settings.get': () => ({ ok: true, value: { theme: 'dark' } }),
    });
    setClient(createClient(fake.bridge));
    const stop = useAppStore.getState().start();
    await vi.waitFor(() => expect(useAppStore.getState().settings.data?.theme).toBe('dark'));
    stop();
  });
});
