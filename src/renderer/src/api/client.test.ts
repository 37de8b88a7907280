import { describe, expect, it } from 'vitest';
import { fakeBridge } from '../test/fakeBridge';
import { result } from '../components/compare/testing/runFixtures';
import { createClient } from './client';

describe('createClient', () => {
  it('checks results against the contract', async () => {
    const fake = fakeBridge({ 'runs.list': () => ({ ok: true, value: [{ id: 'r1' }] as never }) });
    const result = await createClient(fake.bridge).call('runs.list', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('spot-checks the results of a big run: the first and last of each list, not every one', async () => {
    const good = result();
    const page = (results: unknown[]) => ({ ok: true, value: { results, caseCount: 3, nextOffset: null } }) as never;
    const call = (results: unknown[]) =>
      createClient(fakeBridge({ 'runs.resultsPage': () => page(results) }).bridge).call('runs.resultsPage', {
        runId: 'run-1',
        offset: 0,
        limit: 10,
      });
    await expect(call([good, { caseId: 'not a result' }, good])).resolves.toMatchObject({ ok: true });
    await expect(call([good, good, { ...good, scores: 'none' }])).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
    await expect(call([{ ...good, repetition: -1 }, good])).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('turns a transport failure into an unavailable error', async () => {
    const client = createClient({ invoke: () => Promise.reject(new Error('socket closed')), subscribe: () => () => undefined });
    await expect(client.call('app.info', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: expect.stringContaining('socket closed') as string },
    });
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

  it('gives every listener every event, and starts counting again when the host restarts', () => {
    const fake = fakeBridge({});
    const client = createClient(fake.bridge);
    const first: string[] = [];
    const second: string[] = [];
    client.on('settings.changed', (s) => first.push(s.theme));
    client.on('settings.changed', (s) => second.push(s.theme));
    fake.emit({ event: 'settings.changed', seq: 5, payload: { theme: 'dark' } });
    fake.emit({ event: 'settings.changed', epoch: 'host-2', seq: 1, payload: { theme: 'light' } });
    expect(first).toEqual(['dark', 'light']);
    expect(second).toEqual(['dark', 'light']);
  });

  it('answers null for a dropped file without a path, and passes reconnects on', () => {
    const fake = fakeBridge({});
    const client = createClient({ ...fake.bridge, pathForFile: () => '' });
    expect(client.pathForFile(new File([''], 'x.gguf'))).toBeNull();
    let reconnects = 0;
    const stop = client.onReconnect(() => (reconnects += 1));
    fake.reconnect();
    stop();
    fake.reconnect();
    expect(reconnects).toBe(1);
  });
});
