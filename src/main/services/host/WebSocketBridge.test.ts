import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { WsServerMessage } from '../../../shared/bridge';
import { migrations } from '../store/migrations';
import { startHeadlessHost, type HeadlessHost } from './startHeadlessHost';

let host: HeadlessHost;
let base = '';
let origin = '';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-bridge-'));

beforeAll(async () => {
  const rendererDir = path.join(tmp, 'renderer');
  fs.mkdirSync(rendererDir);
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  host = await startHeadlessHost({ home: path.join(tmp, 'home'), rendererDir, host: '127.0.0.1', port: 0 });
  base = `ws://127.0.0.1:${host.bridge.port}/api`;
  origin = `http://127.0.0.1:${host.bridge.port}`;
});
afterAll(async () => {
  await host.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Resolves with the HTTP status of a refused upgrade, or 101 when the socket opens. */
function handshake(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('error', (error) => {
      if (!/Unexpected server response/.test(error.message)) reject(error);
    });
  });
}

async function connect(): Promise<{
  ws: WebSocket;
  messages: WsServerMessage[];
  next: (pred: (m: WsServerMessage) => boolean) => Promise<WsServerMessage>;
}> {
  const ws = new WebSocket(`${base}?token=${host.bridge.token}`, { headers: { Origin: origin } });
  const messages: WsServerMessage[] = [];
  const waiters: { pred: (m: WsServerMessage) => boolean; resolve: (m: WsServerMessage) => void }[] = [];
  ws.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString('utf8')) as WsServerMessage;
    messages.push(message);
    for (const w of waiters.splice(0)) {
      if (w.pred(message)) w.resolve(message);
      else waiters.push(w);
    }
  });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const next = (pred: (m: WsServerMessage) => boolean) =>
    new Promise<WsServerMessage>((resolve) => {
      const found = messages.find(pred);
      if (found) resolve(found);
      else waiters.push({ pred, resolve });
    });
  return { ws, messages, next };
}

describe('WebSocket bridge', () => {
  it('prints a loopback address that carries the token', () => {
    expect(host.bridge.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.bridge.port}/\\?token=.{20,}$`));
  });

  it('refuses a missing token', async () => {
    expect(await handshake(base, { Origin: origin })).toBe(401);
  });

  it('refuses a wrong token, including one of the right length', async () => {
    expect(await handshake(`${base}?token=nope`, { Origin: origin })).toBe(401);
    const sameLength = host.bridge.token.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'));
    expect(await handshake(`${base}?token=${sameLength}`, { Origin: origin })).toBe(401);
  });

  it('refuses a foreign origin even with the right token', async () => {
    expect(await handshake(`${base}?token=${host.bridge.token}`, { Origin: 'http://evil.example' })).toBe(403);
    expect(await handshake(`${base}?token=${host.bridge.token}`, { Origin: `http://127.0.0.1:${host.bridge.port + 1}` })).toBe(403);
  });

  it('accepts the right token from its own origin', async () => {
    expect(await handshake(`${base}?token=${host.bridge.token}`, { Origin: origin })).toBe(101);
    expect(await handshake(`${base}?token=${host.bridge.token}`, { Origin: `http://localhost:${host.bridge.port}` })).toBe(101);
  });

  it('answers calls, and answers bad input with ok:false rather than dropping the socket', async () => {
    const { ws, next } = await connect();
    ws.send(JSON.stringify({ kind: 'evalbench:invoke', id: 1, call: 'app.info', input: {} }));
    const info = await next((m) => m.kind === 'evalbench:result' && m.id === 1);
    expect(info).toMatchObject({
      result: {
        ok: true,
        value: { name: 'Evalbench', host: 'browser', storeSchemaVersion: Math.max(...migrations.map((m) => m.version)) },
      },
    });

    ws.send(JSON.stringify({ kind: 'evalbench:invoke', id: 2, call: 'settings.update', input: { theme: 42 } }));
    expect(await next((m) => m.kind === 'evalbench:result' && m.id === 2)).toMatchObject({
      result: { ok: false, error: { code: 'invalid_input', message: expect.stringContaining('theme') as string } },
    });

    ws.send('not json');
    expect(await next((m) => m.kind === 'evalbench:result' && m.id === -1)).toMatchObject({
      result: { ok: false, error: { code: 'invalid_input' } },
    });

    ws.send(JSON.stringify({ kind: 'evalbench:invoke', id: 3, call: 'runs.list', input: {} }));
    expect(await next((m) => m.kind === 'evalbench:result' && m.id === 3)).toMatchObject({ result: { ok: true, value: [] } });
    ws.close();
  });

  it('pushes events to every connected client', async () => {
    const a = await connect();
    const b = await connect();
    a.ws.send(JSON.stringify({ kind: 'evalbench:invoke', id: 7, call: 'settings.update', input: { theme: 'dark' } }));
    const event = await b.next((m) => m.kind === 'evalbench:event');
    expect(event).toMatchObject({ event: 'settings.changed', payload: { theme: 'dark' } });
    a.ws.close();
    b.ws.close();
  });

  it('serves the renderer with a strict Content-Security-Policy', async () => {
    const res = await fetch(`http://127.0.0.1:${host.bridge.port}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await fetch(`http://127.0.0.1:${host.bridge.port}/missing.js`)).status).toBe(404);
  });
});
