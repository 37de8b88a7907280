import { spawn, type ChildProcessByStdio } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'vite';
import { ensureFixtures, type FixtureSet } from '../../main/services/gguf/fixtureCache';
import { runCli } from '../testing/runCli';

/**
 * A run spread over two `evalbench worker` processes, as on two GPU boxes: real processes
 * (built from this source), serving a fixture model over the OpenAI-compatible API on
 * loopback, one of them killed mid-run.
 */

const root = path.resolve(import.meta.dirname, '../../..');
const workerScript = process.env.EVALBENCH_TEST_WORKER ?? '';
let fixtures: FixtureSet;
let dir = '';
let cli = '';
const children: ChildProcessByStdio<null, Readable, Readable>[] = [];
/** The worker left running by the first test, for the next. */
let survivor: Worker | undefined;

beforeAll(async () => {
  expect(workerScript, 'vitest.globalSetup.ts builds the worker').not.toBe('');
  fixtures = await ensureFixtures();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-workers-'));
  // The command line as `bin/evalbench.js` would run it, bundled like the worker in globalSetup.
  const outDir = path.join(root, '.cache', `test-cli-${process.pid}`);
  await build({
    configFile: false,
    logLevel: 'warn',
    root,
    build: {
      ssr: path.join(root, 'src/cli/index.ts'),
      outDir,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      rolldownOptions: { output: { entryFileNames: 'cli.js', format: 'es' } },
    },
  });
  cli = path.join(outDir, 'cli.js');
  const cases = Array.from({ length: 16 }, (_, i) => `  - { id: c${String(i).padStart(2, '0')}, prompt: "Count to ${i + 2}:" }`);
  fs.writeFileSync(
    path.join(dir, 'set.yaml'),
    ['name: Counting', 'defaults:', '  mode: completion', '  scorers: [{ type: length, min: 1 }]', 'cases:', ...cases, ''].join('\n'),
  );
}, 120_000);

afterAll(async () => {
  const running = children.filter((child) => child.exitCode === null && child.signalCode === null);
  const exited = running.map((child) => new Promise<void>((resolve) => child.once('exit', () => resolve())));
  for (const child of running) child.kill('SIGKILL');
  await Promise.all(exited);
  if (cli !== '') fs.rmSync(path.dirname(cli), { recursive: true, force: true });
  if (dir !== '') fs.rmSync(dir, { recursive: true, force: true });
});

interface Worker {
  child: ChildProcessByStdio<null, Readable, Readable>;
  url: string;
  /** Completions the worker has logged as answered so far. */
  answered: () => number;
  /** Resolves once the worker has answered `n` completions. */
  whenAnswered: (n: number) => Promise<void>;
}

async function startWorker(token: string): Promise<Worker> {
  const child = spawn(
    process.execPath,
    [cli, 'worker', '--model', fixtures.files.q4_0, '--port', '0', '--threads', '1', '--context', '256', '--name', 'tiny'],
    {
      env: { ...process.env, EVALBENCH_WORKER_SCRIPT: workerScript, EVALBENCH_WORKER_TOKEN: token },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  let out = '';
  let err = '';
  const waiters: { n: number; resolve: () => void }[] = [];
  const answered = (): number => (err.match(/POST \/v1\/completions 200 stream/g) ?? []).length;
  child.stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString();
    for (const waiter of waiters.splice(0)) {
      if (answered() >= waiter.n) waiter.resolve();
      else waiters.push(waiter);
    }
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /serving tiny at (http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(out);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`the worker exited (${code}) before serving:\n${err}`)));
  });
  return {
    child,
    url,
    answered,
    whenAnswered: (n) => new Promise((resolve) => (answered() >= n ? resolve() : waiters.push({ n, resolve }))),
  };
}

describe('a run spread over several evalbench workers', () => {
  it('shares the cases between two workers, survives one being killed mid-run, and finishes every case exactly once', async () => {
    const [first, second] = await Promise.all([startWorker('token-one'), startWorker('token-two')]);
    fs.writeFileSync(
      path.join(dir, 'run.yaml'),
      [
        'name: spread over two workers',
        'testSet: set.yaml',
        'models:',
        '  - label: tiny-remote',
        '    api: completion',
        '    endpoints:',
        `      - { baseUrl: "${first.url}", model: tiny, apiKeyEnv: TOKEN_ONE, retries: 1 }`,
        `      - { baseUrl: "${second.url}", model: tiny, apiKeyEnv: TOKEN_TWO, retries: 1 }`,
        'params: { maxTokens: 12, temperature: 0 }',
        // The kill below counts answers; a warm-up generation would be one of them.
        'warmup: 0',
        '',
      ].join('\n'),
    );
    // The first worker dies (SIGKILL: no goodbye) once it has answered two cases.
    const killed = first.whenAnswered(2).then(() => first.child.kill('SIGKILL'));
    const { code, out, err } = await runCli(['run', path.join(dir, 'run.yaml'), '--json', '--out', path.join(dir, 'out')], {
      EVALBENCH_HOME: path.join(dir, 'home'),
      EVALBENCH_WORKER_SCRIPT: workerScript,
      TOKEN_ONE: 'token-one',
      TOKEN_TWO: 'token-two',
    });
    expect(await killed).toBe(true);
    expect(code, err).toBe(0);

    const summary = JSON.parse(out) as {
      resultsFile: string;
      models: {
        label: string;
        results: number;
        errors: number;
        endpoints: { endpoint: string; results: number; errors: number; tokensPerSecond: number | null; down: string | null }[];
      }[];
    };
    const [model] = summary.models;
    expect(model).toMatchObject({ label: 'tiny-remote', results: 16, errors: 0 });
    const lines = fs
      .readFileSync(summary.resultsFile, 'utf8')
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as {
            caseId: string;
            endpoint: string | null;
            output: string | null;
            error: unknown;
            provenance: Record<string, string> | null;
            memory: unknown;
          },
      );
    // Every case exactly once, each with the endpoint that answered it.
    expect(lines.map((l) => l.caseId).sort()).toEqual(Array.from({ length: 16 }, (_, i) => `c${String(i).padStart(2, '0')}`));
    expect(
      lines.every((l) => l.error === null && typeof l.output === 'string' && (l.endpoint === first.url || l.endpoint === second.url)),
    ).toBe(true);
    const byFirst = lines.filter((l) => l.endpoint === first.url).length;
    // The kill follows the worker's second answer, but the second answer's last bytes can be lost
    // to the reset (SIGKILL with a next request unread), and then that case moves too: at least one.
    expect(byFirst).toBeGreaterThanOrEqual(1);
    // The survivor took the rest, and the dead one answered nothing after it was killed.
    expect(lines.filter((l) => l.endpoint === second.url)).toHaveLength(16 - byFirst);
    expect(byFirst).toBeLessThanOrEqual(first.answered());
    // An Evalbench worker reports its own memory, so it is known here, and marked as the server's figure.
    expect(lines[0]?.memory).not.toBeNull();
    expect(lines[0]?.provenance).toMatchObject({
      timeToFirstTokenMs: 'measured-locally',
      promptTokens: 'reported-by-server',
      peakRssBytes: 'reported-by-server',
    });

    const endpoints = model?.endpoints ?? [];
    expect(endpoints.map((e) => [e.endpoint, e.results, e.errors])).toEqual([
      [first.url, byFirst, 0],
      [second.url, 16 - byFirst, 0],
    ]);
    expect(endpoints[0]?.down).toContain(first.url);
    expect(endpoints[1]?.down).toBeNull();
    expect(endpoints[1]?.tokensPerSecond).toBeGreaterThan(0);
    // The tokens are in the environment of this test only, never in what the run wrote.
    const written = fs.readFileSync(path.join(dir, 'out', 'summary.json'), 'utf8') + fs.readFileSync(summary.resultsFile, 'utf8');
    expect(written).toContain('TOKEN_ONE');
    expect(written).not.toContain('token-one');
    survivor = second;
  }, 120_000);

  it('turns a token the worker refuses into a clear error on every case, without the token in it', async () => {
    if (survivor === undefined) throw new Error('needs the worker of the previous test');
    fs.writeFileSync(
      path.join(dir, 'wrong-key.run.yaml'),
      [
        'testSet: set.yaml',
        'models:',
        '  - label: locked',
        '    endpoints:',
        `      - { baseUrl: "${survivor.url}", model: tiny, apiKeyEnv: TOKEN }`,
        '',
      ].join('\n'),
    );
    const { code, out } = await runCli(['run', path.join(dir, 'wrong-key.run.yaml'), '--json', '--out', path.join(dir, 'wrong-key')], {
      EVALBENCH_HOME: path.join(dir, 'home'),
      TOKEN: 'not-the-token',
    });
    expect(code).toBe(0);
    const summary = JSON.parse(out) as {
      resultsFile: string;
      models: { results: number; errors: number; endpoints: { down: string | null }[] }[];
    };
    expect(summary.models[0]).toMatchObject({ results: 16, errors: 16 });
    expect(summary.models[0]?.endpoints[0]?.down).toMatch(
      /^The server refused the API key for http:\/\/127\.0\.0\.1:\d+\/v1 \(401\): .*check the key in the TOKEN environment variable\.$/,
    );
    const results = fs.readFileSync(summary.resultsFile, 'utf8');
    expect(results).toContain('No endpoint of locked is usable');
    expect(results).not.toContain('not-the-token');
  }, 60_000);
});
