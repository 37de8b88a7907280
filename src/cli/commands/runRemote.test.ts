import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeModelServer, type FakeModelServer } from '../../main/services/models/download/testing/startFakeModelServer';
import { runCli } from '../testing/runCli';

let dir = '';
let server: FakeModelServer | undefined;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-run-remote-'));
  fs.writeFileSync(
    path.join(dir, 'set.yaml'),
    [
      'name: Echo',
      'defaults:',
      '  mode: completion',
      '  scorers: [{ type: contains }]',
      'cases:',
      '  - { id: a, prompt: "say yes", expected: "yes" }',
      '  - { id: b, prompt: "say no", expected: "yes" }',
      '',
    ].join('\n'),
  );
  // An OpenAI-compatible server that answers "yes" in one piece of a stream, with usage.
  server = await startFakeModelServer((request, response) => {
    if (request.url === '/v1/models') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"object":"list","data":[{"id":"echo"}]}');
      return;
    }
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    response.write(`data: ${JSON.stringify({ choices: [{ index: 0, text: 'yes', finish_reason: 'stop' }] })}\n\n`);
    response.end(`data: ${JSON.stringify({ choices: [], usage: { prompt_tokens: 2, completion_tokens: 1 } })}\n\ndata: [DONE]\n\n`);
  });
});

afterAll(async () => {
  await server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function runFile(endpoint: string): string {
  const file = path.join(dir, 'run.yaml');
  fs.writeFileSync(
    file,
    ['testSet: set.yaml', 'models:', '  - label: echo', '    endpoints:', `      - ${endpoint}`, 'params: { maxTokens: 4 }', ''].join('\n'),
  );
  return file;
}

describe('evalbench run with a remote model', () => {
  it('runs the cases on the endpoint and prints what each endpoint answered', async () => {
    const url = `${server?.origin ?? ''}/v1`;
    const { code, out, err } = await runCli(
      ['run', runFile(`{ baseUrl: "${url}", model: echo, apiKeyEnv: ECHO_KEY }`), '--out', path.join(dir, 'out')],
      {
        EVALBENCH_HOME: path.join(dir, 'home'),
        ECHO_KEY: 'sk-echo-secret',
      },
    );
    expect(code, err).toBe(0);
    expect(out).toMatch(new RegExp(`echo, by endpoint:\\n  ${url.replace(/\./g, '\\.')}: 2 results, [\\d.]+ tok/s\\n`));
    expect(
      server?.requests.filter((r) => r.url === '/v1/completions').every((r) => r.headers.authorization === 'Bearer sk-echo-secret'),
    ).toBe(true);
    const written = ['results.jsonl', 'summary.json'].map((f) => fs.readFileSync(path.join(dir, 'out', f), 'utf8')).join('');
    expect(written).toContain(`"endpoint": "${url}"`);
    expect(written).not.toContain('sk-echo-secret');
  });

  it('refuses to start when the key variable is not set, naming it', async () => {
    const { code, err } = await runCli(['run', runFile('{ baseUrl: "http://127.0.0.1:9/v1", model: echo, apiKeyEnv: ECHO_UNSET_KEY }')], {
      EVALBENCH_HOME: path.join(dir, 'home'),
    });
    expect(code).toBe(1);
    expect(err).toMatch(
      /echo: the API key for http:\/\/127\.0\.0\.1:9\/v1 should be in the ECHO_UNSET_KEY environment variable, which is not set\.\nSet ECHO_UNSET_KEY before running/,
    );
  });
});
