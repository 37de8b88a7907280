import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DownloadError } from './DownloadError';
import { downloadModel } from './downloadModel';
import { chooseQuantFile, parseHfRepoReference, quantOfFile } from './pickHfQuantFile';
import { makeFakeGguf } from './testing/makeFakeGguf';
import { serveBytes } from './testing/serveBytes';
import { startFakeModelServer, type FakeModelServer } from './testing/startFakeModelServer';

const REPO = [
  'README.md',
  'Llama-3.2-1B-Instruct-Q4_K_M.gguf',
  'Llama-3.2-1B-Instruct-Q8_0.gguf',
  'Llama-3.2-1B-Instruct-f16.gguf',
  'mmproj-Llama-Q8_0.gguf',
  'big/Llama-70B-Q2_K-00001-of-00002.gguf',
  'big/Llama-70B-Q2_K-00002-of-00002.gguf',
];
const ref = (text: string) => {
  const parsed = parseHfRepoReference(text);
  if (parsed === null) throw new Error(`not a repository reference: ${text}`);
  return parsed;
};

describe('hf:OWNER/REPO:QUANT', () => {
  it('parses the repository form and leaves file references alone', () => {
    expect(parseHfRepoReference('hf:bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M')).toEqual({
      owner: 'bartowski',
      repo: 'Llama-3.2-1B-Instruct-GGUF',
      quant: 'Q4_K_M',
      revision: 'main',
    });
    expect(parseHfRepoReference('hf:org/repo@v2')).toEqual({ owner: 'org', repo: 'repo', quant: null, revision: 'v2' });
    expect(parseHfRepoReference('hf:org/repo/model.gguf')).toBeNull();
    expect(parseHfRepoReference('https://example.com/x.gguf')).toBeNull();
  });

  it('reads the quantization from a file name', () => {
    expect(quantOfFile('Llama-3.2-1B-Instruct-Q4_K_M.gguf')).toBe('Q4_K_M');
    expect(quantOfFile('model.q8_0.gguf')).toBe('Q8_0');
    expect(quantOfFile('big/Llama-70B-Q2_K-00001-of-00002.gguf')).toBe('Q2_K');
    expect(quantOfFile('x-IQ4_XS.gguf')).toBe('IQ4_XS');
    expect(quantOfFile('model.gguf')).toBeNull();
  });

  it('picks the file of the quantization (case-insensitive, part 1 of a split one, never a projector), Q4_K_M by default', () => {
    expect(chooseQuantFile(REPO, ref('hf:o/r:q8_0'))).toBe('Llama-3.2-1B-Instruct-Q8_0.gguf');
    expect(chooseQuantFile(REPO, ref('hf:o/r:F16'))).toBe('Llama-3.2-1B-Instruct-f16.gguf');
    expect(chooseQuantFile(REPO, ref('hf:o/r:Q2_K'))).toBe('big/Llama-70B-Q2_K-00001-of-00002.gguf');
    expect(chooseQuantFile(REPO, ref('hf:o/r'))).toBe('Llama-3.2-1B-Instruct-Q4_K_M.gguf');
  });

  it('lists what the repository has when the quantization is not there', () => {
    let error: unknown;
    try {
      chooseQuantFile(REPO, ref('hf:o/r:Q5_K_S'));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DownloadError);
    expect((error as DownloadError).message).toContain('hf:o/r has no Q5_K_S file');
    expect((error as DownloadError).hint).toContain('F16, Q2_K, Q4_K_M, Q8_0');
  });
});

describe('downloadModel with hf:OWNER/REPO:QUANT', () => {
  let server: FakeModelServer | undefined;
  let dir = '';
  afterEach(async () => {
    await server?.close();
    if (dir !== '') fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists the repository through the Hub API and downloads the file of that quantization', async () => {
    const model = makeFakeGguf(64 * 1024);
    const asked: string[] = [];
    server = await startFakeModelServer((req, res) => {
      asked.push(req.url ?? '');
      if (req.url === '/api/models/org/repo/tree/main?recursive=true') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(REPO.map((p) => ({ type: 'file', path: p }))));
        return;
      }
      if (req.url === '/org/repo/resolve/main/Llama-3.2-1B-Instruct-Q8_0.gguf') {
        serveBytes(req, res, model.bytes, { headers: { etag: `"${model.sha256}"` } });
        return;
      }
      res.writeHead(404).end();
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-hf-quant-'));
    const result = await downloadModel({
      source: 'hf:org/repo:Q8_0',
      endpoint: server.origin,
      destDir: dir,
      signal: new AbortController().signal,
      onProgress: () => undefined,
      env: {},
    });
    expect(path.basename(result.path)).toBe('Llama-3.2-1B-Instruct-Q8_0.gguf');
    expect(asked[0]).toBe('/api/models/org/repo/tree/main?recursive=true');
  });
});
