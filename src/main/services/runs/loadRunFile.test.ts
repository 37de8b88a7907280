import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadRunFile, RunFileError } from './loadRunFile';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function runFile(text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-runfile-'));
  dirs.push(dir);
  const file = path.join(dir, 'run.yaml');
  fs.writeFileSync(file, text);
  return file;
}

async function problems(text: string): Promise<string[]> {
  const error = await loadRunFile(runFile(text)).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(RunFileError);
  return (error as RunFileError).problems;
}

describe('loadRunFile with remote models', () => {
  it('reads remote endpoints beside local files, filling in the endpoint defaults', async () => {
    const file = runFile(
      [
        'testSet: set.yaml',
        'models:',
        '  - { path: models/a.gguf, label: A }',
        '  - label: served',
        '    endpoints:',
        '      - { baseUrl: "http://box-1:8000/v1", model: m, apiKeyEnv: MY_KEY, concurrency: 4 }',
        '      - { baseUrl: "http://box-2:8000/v1", model: m }',
        '',
      ].join('\n'),
    );
    const loaded = await loadRunFile(file);
    expect(loaded.modelPaths).toEqual([path.join(path.dirname(file), 'models/a.gguf'), null]);
    expect(loaded.runFile.models[1]).toEqual({
      label: 'served',
      api: 'auto',
      endpoints: [
        {
          baseUrl: 'http://box-1:8000/v1',
          model: 'm',
          apiKeyEnv: 'MY_KEY',
          concurrency: 4,
          timeoutMs: 60_000,
          retries: 3,
          dialect: 'openai',
        },
        { baseUrl: 'http://box-2:8000/v1', model: 'm', concurrency: 1, timeoutMs: 60_000, retries: 3, dialect: 'openai' },
      ],
    });
  });

  it('points at the exact line of a mistake in a remote model, judged as a remote model', async () => {
    const found = await problems(
      [
        'testSet: set.yaml',
        'models:',
        '  - { path: a.gguf }',
        '  - label: served',
        '    endpoints:',
        '      - { baseUrl: "ftp://box/v1", model: m }',
        '      - { baseUrl: "http://box/v1", model: m, apiKey: sk-123 }',
        '',
      ].join('\n'),
    );
    expect(found).toEqual([
      expect.stringMatching(/run\.yaml:6:\d+: .*baseUrl must be an http:\/\/ or https:\/\/ URL/),
      expect.stringMatching(/run\.yaml:7:\d+: .*`apiKey` is not a field/),
    ]);
  });

  it('refuses a key written into the base URL, and a remote model without a label', async () => {
    const found = await problems(
      ['testSet: set.yaml', 'models:', '  - endpoints: [{ baseUrl: "http://user:sk-123@box/v1", model: m }]', ''].join('\n'),
    );
    expect(found.join('\n')).toMatch(/run\.yaml:3:\d+: .*missing `label`/);
    expect(found.join('\n')).toMatch(/must not contain a user name or password/);
  });

  it('points at the line of a base URL that is not a URL, instead of failing with "Invalid URL"', async () => {
    const found = await problems(
      ['testSet: set.yaml', 'models:', '  - label: box', '    endpoints: [{ baseUrl: "gpu box/v1", model: m }]', ''].join('\n'),
    );
    expect(found.join('\n')).toMatch(/run\.yaml:4:\d+: .*baseUrl must be an http:\/\/ or https:\/\/ URL/);
  });

  it('validates the example run file for remote servers', async () => {
    const example = path.resolve(import.meta.dirname, '../../../../resources/examples/remote-servers.run.yaml');
    const loaded = await loadRunFile(example);
    expect(loaded.runFile.models.map((m) => ('endpoints' in m ? m.endpoints.length : 'local'))).toEqual([2, 1, 'local']);
  });
});
