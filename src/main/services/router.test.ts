import { describe, expect, it } from 'vitest';
import { calls, isOutputFromStore, type CallName } from '../../shared/api';
import { UserFacingError } from '../../shared/result';
import { createRouter, type Handlers } from './router';

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  const unused = Object.fromEntries(
    Object.keys(calls).map((name) => [
      name,
      () => {
        throw new Error(`${name} is not used by this test`);
      },
    ]),
  ) as unknown as Handlers;
  return {
    ...unused,
    'app.info': () => ({
      name: 'Evalbench',
      version: '1.0.0',
      dataDir: '/tmp/x',
      storeSchemaVersion: 1,
      host: 'browser',
      platform: 'linux',
      arch: 'x64',
      nodeVersion: '20',
      electronVersion: null,
      physicalCores: 2,
    }),
    'settings.get': () => ({ theme: 'system' }),
    'settings.update': (patch) => ({ theme: patch.theme ?? 'system' }),
    'testSets.list': () => [],
    'models.list': () => [],
    'runs.list': () => [],
    ...overrides,
  };
}

describe('createRouter', () => {
  it('passes valid input to the handler and wraps the value', async () => {
    const router = createRouter(handlers());
    await expect(router('settings.update', { theme: 'dark' })).resolves.toEqual({ ok: true, value: { theme: 'dark' } });
  });

  it('answers invalid input with a readable invalid_input error instead of throwing', async () => {
    const router = createRouter(handlers());
    const result = await router('settings.update', { theme: 'purple' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_input');
    expect(result.error.message).toContain('settings.update');
    expect(result.error.message).toContain('theme');
  });

  it('rejects unknown keys rather than ignoring them', async () => {
    const router = createRouter(handlers());
    const result = await router('settings.update', { theme: 'dark', colour: 'red' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('refuses calls that are not in the contract, including prototype names', async () => {
    const router = createRouter(handlers());
    for (const name of ['nope.call', 'toString', '__proto__', 42, undefined]) {
      await expect(router(name, {})).resolves.toMatchObject({ ok: false, error: { code: 'unknown_call' } });
    }
  });

  it('passes user-facing errors through with their hint', async () => {
    const router = createRouter(
      handlers({
        'models.list': () => {
          throw new UserFacingError('not_found', 'model.gguf is gone', 'Re-add it from the Models page.');
        },
      }),
    );
    await expect(router('models.list', {})).resolves.toEqual({
      ok: false,
      error: { code: 'not_found', message: 'model.gguf is gone', hint: 'Re-add it from the Models page.' },
    });
  });

  it('turns unexpected exceptions into internal errors without a stack trace', async () => {
    const seen: unknown[] = [];
    const router = createRouter(
      handlers({
        'runs.list': () => {
          throw new TypeError('boom');
        },
      }),
      { onInternalError: (_call, error) => seen.push(error) },
    );
    const result = await router('runs.list', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(result)).not.toMatch(/at .*\.ts:\d+/);
    expect(seen).toHaveLength(1);
  });

  it('catches a handler whose output breaks the contract when outputs are checked', async () => {
    const broken = handlers({ 'runs.list': () => [{ id: 1 }] as never });
    const checked = await createRouter(broken, { checkOutputs: true })('runs.list', {});
    expect(checked).toMatchObject({ ok: false, error: { code: 'internal' } });
    const unchecked = await createRouter(broken, { checkOutputs: false })('runs.list', {});
    expect(unchecked.ok).toBe(true);
  });

  it('leaves out only the outputs the contract marks as read from the store, and checks their input all the same', async () => {
    const marked = Object.keys(calls).filter((name) => isOutputFromStore(name as CallName));
    expect(marked.sort()).toEqual(['runs.results', 'runs.resultsPage']);
    let served = 0;
    const router = createRouter(
      handlers({
        'runs.resultsPage': () => {
          served += 1;
          return { results: [], caseCount: 0, nextOffset: 0 };
        },
      }),
      { checkOutputs: true },
    );
    // nextOffset 0 breaks the schema (positive or null): not checked again for a store-backed call.
    await expect(router('runs.resultsPage', { runId: 'r', offset: 0, limit: 100 })).resolves.toMatchObject({ ok: true });
    for (const input of [
      { runId: 'r', offset: -1, limit: 100 },
      { runId: 'r', offset: 0, limit: 0 },
      { runId: 'r', offset: 0 },
      { runId: 'r', offset: 0, limit: 10, extra: 1 },
    ]) {
      await expect(router('runs.resultsPage', input)).resolves.toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(served).toBe(1);
  });
});
