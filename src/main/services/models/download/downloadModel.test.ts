import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DownloadError } from './DownloadError';
import { downloadModel, type DownloadModelOptions, type DownloadProgress } from './downloadModel';
import { makeFakeGguf } from './testing/makeFakeGguf';
import { serveBytes } from './testing/serveBytes';
import { startFakeModelServer, type FakeHandler, type FakeModelServer } from './testing/startFakeModelServer';

const model = makeFakeGguf(2 * 1024 * 1024);
let dir = '';
let servers: FakeModelServer[] = [];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-download-'));
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

/** Downloads with test defaults: an empty environment (no real HF_TOKEN), quick retries, events collected. */
function download(options: Partial<DownloadModelOptions> & { source: string }): {
  events: DownloadProgress[];
  done: ReturnType<typeof downloadModel>;
} {
  const events: DownloadProgress[] = [];
  const done = downloadModel({
    destDir: dir,
    signal: new AbortController().signal,
    onProgress: (e) => events.push(e),
    env: {},
    retryDelayMs: 5,
    ...options,
  });
  return { events, done };
}

async function failure(promise: Promise<unknown>): Promise<DownloadError> {
  const error = await promise.then(
    () => new Error('expected the download to fail'),
    (e: unknown) => e,
  );
  if (error instanceof DownloadError) return error;
  throw error;
}

const finalPath = (): string => path.join(dir, 'model.gguf');
const partPath = (): string => `${finalPath()}.part`;

describe('downloadModel', { timeout: 10_000 }, () => {
  it('downloads a file, reports progress and verifies the SHA-256', async () => {
    const server = await serve((req, res) => serveBytes(req, res, model.bytes));
    const { events, done } = download({ source: `${server.origin}/m/model.gguf`, expectedSha256: model.sha256.toUpperCase() });
    const result = await done;
    expect(result.path).toBe(finalPath());
    expect(result.files).toEqual([
      {
        fileName: 'model.gguf',
        path: finalPath(),
        sizeBytes: model.bytes.length,
        sha256: model.sha256,
        verified: true,
        reused: false,
        resumedFromBytes: 0,
      },
    ]);
    expect(fs.readFileSync(finalPath()).equals(model.bytes)).toBe(true);
    expect(fs.existsSync(partPath())).toBe(false);
    expect(events.at(-1)).toMatchObject({ file: 'model.gguf', receivedBytes: model.bytes.length, totalBytes: model.bytes.length });
    expect(events.every((e, i) => i === 0 || e.receivedBytes >= (events[i - 1]?.receivedBytes ?? 0))).toBe(true);
    expect(server.requests[0]?.headers.range).toBeUndefined();
  });

  it('reports progress about four times a second while a slow transfer runs', async () => {
    const server = await serve((req, res) => serveBytes(req, res, model.bytes, { chunkDelayMs: 25, chunkSize: 64 * 1024 }));
    const times: number[] = [];
    const events: DownloadProgress[] = [];
    const start = performance.now();
    await downloadModel({
      source: `${server.origin}/model.gguf`,
      destDir: dir,
      signal: new AbortController().signal,
      env: {},
      onProgress: (e) => {
        times.push(performance.now());
        events.push(e);
      },
    });
    // 32 chunks over ~800 ms: one report when bytes first arrive, one per 250 ms after, one at the end.
    const elapsed = (times.at(-1) ?? start) - start;
    expect(events.length).toBeGreaterThanOrEqual(3);
    expect(events.length).toBeLessThanOrEqual(Math.floor(elapsed / 250) + 2);
    const gaps = times.slice(1, -1).map((t, i) => t - (times[i] ?? 0));
    expect(gaps.every((gap) => gap >= 200)).toBe(true);
    expect(events.at(-1)?.receivedBytes).toBe(model.bytes.length);
    expect(events.slice(1).some((e) => e.bytesPerSecond > 0)).toBe(true);
  });

  it('resumes with a Range request after the connection drops, and still verifies the whole hash', async () => {
    const server = await serve((req, res, index) => serveBytes(req, res, model.bytes, index === 0 ? { cutAfter: 700_000 } : {}));
    const result = await download({ source: `${server.origin}/model.gguf`, expectedSha256: model.sha256 }).done;
    expect(server.requests).toHaveLength(2);
    const resumedAt = Number(/^bytes=(\d+)-$/.exec(server.requests[1]?.headers.range ?? '')?.[1]);
    expect(resumedAt).toBeGreaterThan(0);
    expect(resumedAt).toBeLessThanOrEqual(700_000);
    expect(result.files[0]?.sha256).toBe(model.sha256);
    expect(fs.readFileSync(finalPath()).equals(model.bytes)).toBe(true);
  });

  it('keeps the .part when retries run out, and a later call resumes from it', async () => {
    const server = await serve((req, res, index) => serveBytes(req, res, model.bytes, index === 0 ? { cutAfter: 500_000 } : {}));
    const first = await failure(download({ source: `${server.origin}/model.gguf`, retries: 0 }).done);
    expect(first.reason).toBe('network');
    expect(first.hint).toMatch(/kept/);
    expect(fs.existsSync(finalPath())).toBe(false);
    const kept = fs.statSync(partPath()).size;
    expect(kept).toBeGreaterThan(0);

    const result = await download({ source: `${server.origin}/model.gguf`, expectedSha256: model.sha256 }).done;
    expect(server.requests[1]?.headers.range).toBe(`bytes=${kept}-`);
    expect(result.files[0]?.resumedFromBytes).toBe(kept);
    expect(fs.readFileSync(finalPath()).equals(model.bytes)).toBe(true);
  });

  it('keeps the .part on abort, rejects with an AbortError, and resumes next time', async () => {
    const server = await serve((req, res, index) => serveBytes(req, res, model.bytes, index === 0 ? { stallAfter: 600_000 } : {}));
    const controller = new AbortController();
    const aborted = downloadModel({
      source: `${server.origin}/model.gguf`,
      destDir: dir,
      signal: controller.signal,
      env: {},
      onProgress: (e) => {
        if (e.receivedBytes > 0) controller.abort();
      },
    });
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError', message: expect.stringContaining('model.gguf.part') as unknown });
    expect(fs.existsSync(finalPath())).toBe(false);
    const kept = fs.statSync(partPath()).size;
    expect(kept).toBeGreaterThan(0);

    await download({ source: `${server.origin}/model.gguf`, expectedSha256: model.sha256 }).done;
    expect(server.requests[1]?.headers.range).toBe(`bytes=${kept}-`);
    expect(fs.readFileSync(finalPath()).equals(model.bytes)).toBe(true);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const server = await serve((req, res) => serveBytes(req, res, model.bytes));
    const signal = AbortSignal.abort();
    await expect(
      downloadModel({ source: `${server.origin}/model.gguf`, destDir: dir, signal, env: {}, onProgress: () => undefined }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(server.requests).toHaveLength(0);
  });

  it('starts over when the server ignores Range and sends the whole file', async () => {
    const stale = Buffer.concat([Buffer.from('GGUF'), Buffer.alloc(300_000, 7)]);
    fs.writeFileSync(partPath(), stale);
    const server = await serve((req, res) => serveBytes(req, res, model.bytes, { ignoreRange: true }));
    const result = await download({ source: `${server.origin}/model.gguf` }).done;
    expect(server.requests[0]?.headers.range).toBe(`bytes=${stale.length}-`);
    expect(result.files[0]?.sha256).toBe(model.sha256);
    expect(fs.readFileSync(finalPath()).equals(model.bytes)).toBe(true);
  });

  it('discards a .part that is not the start of a GGUF file instead of resuming it', async () => {
    fs.writeFileSync(partPath(), '<html>not a model</html>');
    const server = await serve((req, res) => serveBytes(req, res, model.bytes));
    await download({ source: `${server.origin}/model.gguf` }).done;
    expect(server.requests[0]?.headers.range).toBeUndefined();
    expect(fs.readFileSync(finalPath()).equals(model.bytes)).toBe(true);
  });

  it('refuses a second download of the same file while the first runs', async () => {
    const server = await serve((req, res) => serveBytes(req, res, model.bytes, { chunkDelayMs: 20 }));
    let started = (): void => undefined;
    const running = new Promise<void>((resolve) => (started = resolve));
    const first = download({ source: `${server.origin}/model.gguf`, onProgress: () => started() });
    await running;
    const second = await failure(download({ source: `${server.origin}/model.gguf` }).done);
    expect(second.reason).toBe('in_progress');
    await first.done;
    expect(fs.readFileSync(finalPath()).equals(model.bytes)).toBe(true);
  });

  it('finishes from a complete .part when the server answers 416', async () => {
    fs.writeFileSync(partPath(), model.bytes);
    const server = await serve((req, res) => serveBytes(req, res, model.bytes));
    const result = await download({ source: `${server.origin}/model.gguf`, expectedSha256: model.sha256 }).done;
    expect(server.requests).toHaveLength(1);
    expect(result.files[0]?.resumedFromBytes).toBe(model.bytes.length);
    expect(fs.readFileSync(finalPath()).equals(model.bytes)).toBe(true);
  });

  it('starts over when the Content-Range does not start where the part ends', async () => {
    fs.writeFileSync(partPath(), model.bytes.subarray(0, 100_000));
    const server = await serve((req, res) => {
      if (req.headers.range === undefined) return serveBytes(req, res, model.bytes);
      res.writeHead(206, {
        'content-range': `bytes 0-${model.bytes.length - 1}/${model.bytes.length}`,
        'content-length': model.bytes.length,
      });
      res.end(model.bytes);
    });
    await download({ source: `${server.origin}/model.gguf` }).done;
    expect(server.requests.map((r) => r.headers.range)).toEqual(['bytes=100000-', undefined]);
    expect(fs.readFileSync(finalPath()).equals(model.bytes)).toBe(true);
  });

  it('deletes the download and leaves no final file when the hash is wrong', async () => {
    const server = await serve((req, res) => serveBytes(req, res, model.bytes));
    const error = await failure(download({ source: `${server.origin}/model.gguf`, expectedSha256: 'ab'.repeat(32) }).done);
    expect(error.reason).toBe('hash_mismatch');
    expect(error.message).toContain('model.gguf');
    expect(fs.existsSync(finalPath())).toBe(false);
    expect(fs.existsSync(partPath())).toBe(false);
  });

  it('refuses a file whose size differs from expectedSize before downloading it', async () => {
    const server = await serve((req, res) => serveBytes(req, res, model.bytes));
    const error = await failure(download({ source: `${server.origin}/model.gguf`, expectedSize: 1234 }).done);
    expect(error.reason).toBe('size_mismatch');
    expect(error.message).toMatch(/1234/);
    expect(fs.existsSync(finalPath())).toBe(false);
  });

  it('names the URL on 404 and 401 from a plain server', async () => {
    const server = await serve((_req, res, index) => res.writeHead(index === 0 ? 404 : 401).end());
    const missing = await failure(download({ source: `${server.origin}/gone/model.gguf` }).done);
    expect(missing).toMatchObject({ reason: 'not_found', status: 404, code: 'not_found' });
    expect(missing.message).toContain(`${server.origin}/gone/model.gguf`);
    const locked = await failure(download({ source: `${server.origin}/locked/model.gguf` }).done);
    expect(locked.reason).toBe('unauthorized');
    expect(server.requests).toHaveLength(2);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('fails as soon as an HTML page arrives instead of a GGUF file', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('<!doctype html><html><body>Please log in</body>'); // and never ends
    });
    const started = performance.now();
    const error = await failure(download({ source: `${server.origin}/model.gguf` }).done);
    expect(error.reason).toBe('not_gguf');
    expect(error.message).toMatch(/starts with "<!do" instead of "GGUF".*web page/);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('retries a 503 and gives up with a clear error when 500s persist', async () => {
    const flaky = await serve((req, res, index) => (index === 0 ? res.writeHead(503).end() : serveBytes(req, res, model.bytes)));
    await download({ source: `${flaky.origin}/model.gguf` }).done;
    expect(flaky.requests).toHaveLength(2);
    expect(fs.readFileSync(finalPath()).equals(model.bytes)).toBe(true);

    const broken = await serve((_req, res) => res.writeHead(500).end());
    const error = await failure(download({ source: `${broken.origin}/other.gguf`, retries: 2 }).done);
    expect(error).toMatchObject({ reason: 'network', status: 500 });
    expect(error.message).toMatch(/after 3 attempts.*HTTP 500/);
    expect(broken.requests).toHaveLength(3);
  });

  it('drops a stalled connection and resumes', async () => {
    const server = await serve((req, res, index) => serveBytes(req, res, model.bytes, index === 0 ? { stallAfter: 100_000 } : {}));
    await download({ source: `${server.origin}/model.gguf`, stallTimeoutMs: 200 }).done;
    expect(server.requests[1]?.headers.range).toMatch(/^bytes=\d+-$/);
    expect(fs.readFileSync(finalPath()).equals(model.bytes)).toBe(true);
  });

  it('never overwrites an existing file unless asked, but reuses one with the expected hash', async () => {
    const server = await serve((req, res) => serveBytes(req, res, model.bytes));
    const source = `${server.origin}/model.gguf`;
    fs.writeFileSync(finalPath(), 'old');
    expect((await failure(download({ source }).done)).reason).toBe('exists');
    expect((await failure(download({ source, expectedSha256: model.sha256 }).done)).message).toMatch(/different SHA-256/);
    expect(fs.readFileSync(finalPath(), 'utf8')).toBe('old');
    expect(server.requests).toHaveLength(0);

    await download({ source, overwrite: true }).done;
    expect(fs.readFileSync(finalPath()).equals(model.bytes)).toBe(true);
    expect(server.requests).toHaveLength(1);

    const again = download({ source, expectedSha256: model.sha256 });
    expect((await again.done).files[0]?.reused).toBe(true);
    expect(again.events.at(-1)?.receivedBytes).toBe(model.bytes.length);
    expect(server.requests).toHaveLength(1);
  });
});
