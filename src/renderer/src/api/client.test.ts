import { describe, expect, it } from 'vitest';
import { fakeBridge } from '../test/fakeBridge';
import { createClient } from './client';

describe('createClient', () => {
  it('checks results against the contract', async () => {
    const fake = fakeBridge({ 'runs.list': () => ({ ok: true, value: [{ id: 'r1' }] as never }) });
    const result = await createClient(fake.bridge).call('runs.list', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('turns a transport failure into an unavailable error', async () => {
    const client = createClient({ invoke: () => Promise.reject(new Error('socket closed')), subscribe: () => () => undefined });
    await expect(client.call('app.info', {})).resolves.toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringContaining('socket closed') as string } });
  });

  it('delivers events by name and drops stale or malformed ones', () => {
    const fake = fakeBridge({});
    const client = createClient(fake.bridge);
    const seen: unknown[] = [];
    client.on('settings.changed', (s) => seen.push(s.theme));
    fake.emit({ event: 'settings.changed', seq: 2, payload: { theme: 'dark' } });
    fake.emit({ event: 'settings.changed', seq: 1, payload: { theme: 'light' } });
    fake.emit({ event: 'other.event', seq: 3, payload: { theme: 'light' } });
    fake.emit({ event: 'settings.changed', seq: 3, payload: { theme: 'neon' } });
    fake.emit({ event: 'settings.changed', seq: 4, payload: { theme: 'system' } });
    expect(seen).toEqual(['dark', 'system']);
  });
});
