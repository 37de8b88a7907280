import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFixtures } from '../../gguf/fixtureCache';
import { startWorkerServer, type RunningWorkerServer } from './startWorkerServer';

const workerScript = process.env.EVALBENCH_TEST_WORKER ?? '';
const CPU = { backend: 'cpu', contextSize: 256, threads: 1 } as const;
const HEADERS_TIMEOUT_MS = 600;
const BODY_TIMEOUT_MS = 800;

let server: RunningWorkerServer;
let port = 0;
const log: string[] = [];

beforeAll(async () => {
  expect(workerScript, 'vitest.globalSetup.ts builds the worker').not.toBe('');
  const fixtures = await ensureFixtures();
  // No token: the Host and Origin checks are all that keep web pages out.
  server = await startWorkerServer({
    modelPath: fixtures.files.q8_0,
    workerScript,
    host: '127.0.0.1',
    port: 0,
    load: CPU,
    headersTimeoutMs: HEADERS_TIMEOUT_MS,
    bodyTimeoutMs: BODY_TIMEOUT_MS,
    onLog: (line) => log.push(line),
  });
  port = Number(new URL(server.url).port);
}, 60_000);
afterAll(async () => {
  await server.close();
});

/** A request with the headers a browser page (or a rebound DNS name) would send. */
function request(method: string, route: string, headers: Record<string, string>, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: route, headers }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const completion = JSON.stringify({ prompt: 'The quick brown fox', max_tokens: 2 });

/** Writes `bytes` on a raw connection and stalls; resolves with what came back and when the server closed it. */
function stall(bytes: string): Promise<{ reply: string; closedAfterMs: number }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = net.connect(port, '127.0.0.1', () => socket.write(bytes));
    let reply = '';
    socket.on('data', (c: Buffer) => (reply += c.toString()));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve({ reply, closedAfterMs: performance.now() - started }));
  });
}

describe('evalbench worker without a token', () => {
  it('refuses a cross-origin simple POST from a web page, in OpenAI shape, and logs it', async () => {
    const answer = await request('POST', '/v1/completions', { Origin: 'http://evil.example', 'Content-Type': 'text/plain' }, completion);
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body)).toMatchObject({
      error: { code: 'forbidden', message: expect.stringContaining('http://evil.example') as string },
    });
    expect(log.some((line) => line.includes('http://evil.example'))).toBe(true);
  });

  it('refuses a cross-origin POST to /v1/loglikelihood as to the other calls', async () => {
    const answer = await request(
      'POST',
      '/v1/loglikelihood',
      { Origin: 'http://evil.example', 'Content-Type': 'text/plain' },
      JSON.stringify({ context: 'a =', choices: [' b'] }),
    );
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'forbidden' } });
  });

  it('refuses a foreign Host header (DNS rebinding), even on /health', async () => {
    for (const route of ['/v1/models', '/health']) {
      const answer = await request('GET', route, { Host: `attacker.example:${port}` });
      expect(answer.status).toBe(403);
      expect(answer.body).toContain('attacker.example');
    }
  });

  it('still answers local programs by 127.0.0.1 and localhost', async () => {
    expect((await request('GET', '/v1/models', {})).status).toBe(200);
    expect((await request('GET', '/v1/models', { Host: `localhost:${port}` })).status).toBe(200);
    expect((await request('POST', '/v1/completions', { 'Content-Type': 'application/json' }, completion)).status).toBe(200);
  });

  it('answers 408 to a body that stalls, within its deadline', async () => {
    const { reply, closedAfterMs } = await stall(
      `POST /v1/completions HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"prompt":`,
    );
    expect(reply).toMatch(/^HTTP\/1\.1 408/);
    expect(reply).toContain('did not arrive within');
    expect(closedAfterMs).toBeLessThan(BODY_TIMEOUT_MS + 2500);
  });

  it('drops a client whose headers never finish, within its deadline', async () => {
    const { reply, closedAfterMs } = await stall(`POST /v1/completions HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Slow: `);
    expect(reply).toMatch(/^HTTP\/1\.1 408/);
    expect(closedAfterMs).toBeLessThan(HEADERS_TIMEOUT_MS + 2500);
    expect(log.some((line) => line.includes('too slow request'))).toBe(true);
  });

  it('answers garbage on the wire with 400 and keeps serving', async () => {
    const { reply } = await stall('\x00\x01NOT HTTP AT ALL\r\n\r\n');
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    expect((await request('GET', '/v1/models', {})).status).toBe(200);
  });
});
