import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DownloadError } from './DownloadError';
import { downloadModel, type DownloadModelOptions, type DownloadProgress } from './downloadModel';
import { makeFakeGguf } from './testing/makeFakeGguf';
import { serveBytes } from './testing/serveBytes';
import { startFakeModelServer, type FakeHandler, type FakeModelServer } from './testing/startFakeModelServer';

const model = makeFakeGguf(1024 * 1024);
const otherSha = 'cd'.repeat(32);
const token = 'hf_test_token_123';
let dir = '';
let servers: FakeModelServer[] = [];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-hf-'));
});
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
  fs.rmSync(dir, { recursive: true, force: true });
});

async function serve(handler: FakeHandler): Promise<FakeModelServer> {
  const server = await startFakeModelServer(handler);
  servers.push(server);
  return server;
}

function download(options: Partial<DownloadModelOptions> & { source: string }): Promise<Awaited<ReturnType<typeof downloadModel>>> {
  return downloadModel({
    destDir: dir,
    signal: new AbortController().signal,
    onProgress: () => undefined,
    env: {},
    retryDelayMs: 5,
    ...options,
  });
}

async function failure(promise: Promise<unknown>): Promise<DownloadError> {
  const error = await promise.then(
    () => new Error('expected the download to fail'),
    (e: unknown) => e,
  );
  if (error instanceof DownloadError) return error;
  throw error;
}

describe('downloadModel from Hugging Face', { timeout: 10_000 }, () => {
  it('fetches hf: references from the endpoint with the token, and checks the ETag sha256', async () => {
    const hf = await serve((req, res) =>
      req.url === '/org/repo/resolve/main/q/model.gguf'
        ? serveBytes(req, res, model.bytes, { headers: { etag: `"${model.sha256}"` } })
        : res.writeHead(404).end(),
    );
    const result = await download({ source: 'hf:org/repo/q/model.gguf', endpoint: hf.origin, token });
    expect(hf.requests[0]?.headers.authorization).toBe(`Bearer ${token}`);
    expect(result.files[0]).toMatchObject({ sha256: model.sha256, verified: true });
    expect(fs.readFileSync(result.path).equals(model.bytes)).toBe(true);
  });

  it('reads HF_ENDPOINT and HF_TOKEN from the environment', async () => {
    const hf = await serve((req, res) => serveBytes(req, res, model.bytes));
    await download({ source: 'hf:org/repo/model.gguf@v2', env: { HF_ENDPOINT: hf.origin, HF_TOKEN: token } });
    expect(hf.requests[0]).toMatchObject({ url: '/org/repo/resolve/v2/model.gguf', headers: { authorization: `Bearer ${token}` } });
  });

  it('rejects a file whose content does not match the sha256 ETag Hugging Face announced', async () => {
    const hf = await serve((req, res) => serveBytes(req, res, model.bytes, { headers: { etag: `"${otherSha}"` } }));
    const error = await failure(download({ source: 'hf:org/repo/model.gguf', endpoint: hf.origin }));
    expect(error.reason).toBe('hash_mismatch');
    expect(error.message).toContain(otherSha);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('follows the redirect to the CDN without the token, keeping X-Linked-Etag and Range', async () => {
    const cdn = await serve((req, res, index) => serveBytes(req, res, model.bytes, index === 0 ? { cutAfter: 300_000 } : {}));
    const hf = await serve((_req, res) =>
      res
        .writeHead(302, {
          location: `${cdn.origin}/blobs/abc?signature=xyz`,
          'x-linked-etag': `"${model.sha256}"`,
          'x-linked-size': String(model.bytes.length),
        })
        .end(),
    );
    const result = await download({ source: 'hf:org/repo/model.gguf', endpoint: hf.origin, token });
    expect(hf.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${token}`, `Bearer ${token}`]);
    expect(cdn.requests.map((r) => r.headers.authorization)).toEqual([undefined, undefined]);
    expect(cdn.requests[0]?.url).toBe('/blobs/abc?signature=xyz');
    expect(cdn.requests[1]?.headers.range).toMatch(/^bytes=[1-9]\d*-$/);
    expect(result.files[0]).toMatchObject({ sha256: model.sha256, verified: true });
    expect(fs.readFileSync(result.path).equals(model.bytes)).toBe(true);
  });

  it('uses the X-Linked-Etag on the redirect as the expected hash, and ignores a CDN ETag', async () => {
    const cdn = await serve((req, res) => serveBytes(req, res, model.bytes, { headers: { etag: `"${otherSha}"` } }));
    const hf = await serve((_req, res, index) =>
      res.writeHead(302, { location: `${cdn.origin}/blob`, ...(index === 0 ? { 'x-linked-etag': `"${otherSha}"` } : {}) }).end(),
    );
    expect((await failure(download({ source: 'hf:org/repo/model.gguf', endpoint: hf.origin }))).reason).toBe('hash_mismatch');
    const result = await download({ source: 'hf:org/repo/model.gguf', endpoint: hf.origin });
    expect(result.files[0]?.verified).toBe(false);
  });

  it('asks for HF_TOKEN on 401 and explains gated repositories on 403', async () => {
    const hf = await serve((_req, res, index) => res.writeHead(index === 0 ? 401 : 403).end());
    const unauthorized = await failure(download({ source: 'hf:org/private/model.gguf', endpoint: hf.origin }));
    expect(unauthorized.reason).toBe('unauthorized');
    expect(unauthorized.message).toMatch(/needs a Hugging Face token: set HF_TOKEN/);
    const forbidden = await failure(download({ source: 'hf:org/gated/model.gguf', endpoint: hf.origin, token }));
    expect(forbidden.reason).toBe('forbidden');
    expect(forbidden.message).toMatch(/gated or private/);
    expect(`${forbidden.message} ${forbidden.hint ?? ''}`).not.toContain(token);
  });

  it('downloads every part of a split model, part 1 first', async () => {
    const parts = [makeFakeGguf(300_000), makeFakeGguf(300_000), makeFakeGguf(200_000)];
    const hf = await serve((req, res) => {
      const part = /-0000(\d)-of-00003\.gguf$/.exec(req.url ?? '')?.[1];
      const file = parts[Number(part) - 1];
      if (file === undefined) return res.writeHead(404).end();
      serveBytes(req, res, file.bytes, { headers: { etag: `"${file.sha256}"` } });
    });
    const events: DownloadProgress[] = [];
    const result = await downloadModel({
      source: 'hf:org/repo/big/Big-Q4-00002-of-00003.gguf',
      endpoint: hf.origin,
      destDir: dir,
      signal: new AbortController().signal,
      env: {},
      onProgress: (e) => events.push(e),
    });
    const names = ['Big-Q4-00001-of-00003.gguf', 'Big-Q4-00002-of-00003.gguf', 'Big-Q4-00003-of-00003.gguf'];
    expect(result.path).toBe(path.join(dir, names[0] ?? ''));
    expect(result.files.map((f) => f.fileName)).toEqual(names);
    names.forEach((name, i) => expect(fs.readFileSync(path.join(dir, name)).equals(parts[i]?.bytes ?? Buffer.alloc(0))).toBe(true));
    expect(hf.requests.map((r) => r.url)).toEqual(names.map((n) => `/org/repo/resolve/main/big/${n}`));
    expect(new Set(events.map((e) => e.file))).toEqual(new Set(names));
  });

  it('refuses one expectedSha256 for a split model', async () => {
    const error = await failure(
      download({ source: 'hf:org/repo/x-00001-of-00002.gguf', endpoint: 'http://127.0.0.1:1', expectedSha256: otherSha }),
    );
    expect(error.reason).toBe('bad_reference');
    expect(error.message).toMatch(/split into 2 files/);
  });
});
