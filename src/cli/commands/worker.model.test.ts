import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureFixtures, type FixtureSet } from '../../main/services/gguf/fixtureCache';
import { UsageError, type CommandContext } from '../command';
import { runWorker, workerCommand } from './worker';

const workerScript = process.env.EVALBENCH_TEST_WORKER ?? '';
let fixtures: FixtureSet;

beforeAll(async () => {
  expect(workerScript, 'vitest.globalSetup.ts builds the worker').not.toBe('');
  fixtures = await ensureFixtures();
}, 60_000);

function cli(env: NodeJS.ProcessEnv = {}): {
  context: CommandContext;
  out: () => string;
  err: () => string;
  line: (pattern: RegExp) => Promise<RegExpExecArray>;
} {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const line = (pattern: RegExp): Promise<RegExpExecArray> =>
    new Promise((resolve) => {
      const check = (): void => {
        const match = pattern.exec(out);
        if (match) {
          stdout.off('data', check);
          resolve(match);
        }
      };
      stdout.on('data', check);
      check();
    });
  return { context: { stdout, stderr, env }, out: () => out, err: () => err, line };
}

const never = new Promise<void>(() => undefined);

describe('evalbench worker', () => {
  it('documents every option in its help', () => {
    for (const flag of ['model', 'port', 'host', 'token', 'parallel', 'context', 'gpu-layers', 'threads'])
      expect(workerCommand.options).toHaveProperty(flag);
  });

  it('rejects a missing model and malformed numbers as usage errors', async () => {
    const { context } = cli();
    await expect(runWorker({}, context, { workerScript, stopped: never })).rejects.toThrow(UsageError);
    await expect(runWorker({ model: 'x.gguf', 'gpu-layers': 'lots' }, context, { workerScript, stopped: never })).rejects.toThrow(
      /--gpu-layers must be a number of layers, "max" or "auto"/,
    );
    await expect(runWorker({ model: 'x.gguf', parallel: '0' }, context, { workerScript, stopped: never })).rejects.toThrow(
      /--parallel must be a whole number from 1 to 64/,
    );
  });

  it('refuses to listen on every address without a token, and says how to give one', async () => {
    const run = cli();
    const code = await runWorker({ model: fixtures.files.q8_0, host: '0.0.0.0', port: '0' }, run.context, { workerScript, stopped: never });
    expect(code).toBe(1);
    expect(run.err()).toMatch(/Refusing to listen on 0\.0\.0\.0 without a token.*--token.*EVALBENCH_WORKER_TOKEN/);
  });

  it('says when the model file cannot be loaded', async () => {
    const run = cli();
    expect(await runWorker({ model: '/nonexistent/model.gguf', port: '0' }, run.context, { workerScript, stopped: never })).toBe(1);
    expect(run.err()).toContain('/nonexistent/model.gguf cannot be loaded');
  });

  it('stops while the model loads when asked to, without serving or waiting for the load to end', async () => {
    const run = cli();
    // Asked to stop at once: the load under way ends with its worker, and nothing listens.
    const code = await runWorker({ model: fixtures.files.f32, port: '0', context: '256', threads: '1' }, run.context, {
      workerScript,
      stopped: Promise.resolve(),
    });
    expect(code).toBe(130);
    expect(run.err()).toContain(`stopped while loading ${fixtures.files.f32}; nothing was served`);
    expect(run.out()).not.toContain('serving');
  });

  it('prints its address when ready, serves with the token from the environment, and stops cleanly', async () => {
    const run = cli({ EVALBENCH_WORKER_TOKEN: 'env-token' });
    let stop = (): void => undefined;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const exit = runWorker({ model: fixtures.files.q4_0, port: '0', context: '256', threads: '1', name: 'tiny' }, run.context, {
      workerScript,
      stopped,
    });
    const [, url] = await run.line(/^Evalbench worker serving tiny at (http:\/\/127\.0\.0\.1:\d+\/v1)\n/m);
    const denied = await fetch(`${url}/models`);
    expect(denied.status).toBe(401);
    const models = await fetch(`${url}/models`, { headers: { authorization: 'Bearer env-token' } });
    expect(await models.json()).toMatchObject({ data: [{ id: 'tiny' }] });
    stop();
    expect(await exit).toBe(0);
    expect(run.out()).toContain('Evalbench worker stopped.');
    await expect(fetch(`${url}/models`)).rejects.toThrow();
  });
});
