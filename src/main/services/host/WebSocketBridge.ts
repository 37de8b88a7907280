import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { WsRequest, WsServerMessage } from '../../../shared/bridge';
import { fail } from '../../../shared/result';
import type { EventBus } from '../EventBus';
import type { Router } from '../router';
import { resolveStaticFile } from './staticFiles';

export interface BridgeOptions {
  router: Router;
  bus: EventBus;
  /** Built renderer (index.html and assets). */
  rendererDir: string;
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Per-start secret; generated when omitted. */
  token?: string;
}

export interface RunningBridge {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MAX_MESSAGE_BYTES = 32 * 1024 * 1024;

/** Serves the renderer over HTTP and the API contract over a token-guarded WebSocket at /api. */
export async function startWebSocketBridge(options: BridgeOptions): Promise<RunningBridge> {
  const token = options.token ?? crypto.randomBytes(24).toString('base64url');
  let allowedOrigins = new Set<string>();

  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const found = resolveStaticFile(options.rendererDir, url.pathname);
    if (!found) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    res.writeHead(200, {
      'Content-Type': found.contentType,
      'Cache-Control': found.contentType.startsWith('text/html') ? 'no-store' : 'max-age=3600',
      'Content-Security-Policy': contentSecurityPolicy(),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    });
    if (req.method === 'HEAD') res.end();
    else fs.createReadStream(found.file).pipe(res);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const sockets = new Set<WebSocket>();

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const refuse = (status: number, reason: string): void => {
      socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== '/api') return refuse(404, 'Not Found');
    if (!tokenMatches(url.searchParams.get('token'), token)) return refuse(401, 'Unauthorized');
    // Browsers always send Origin; a page from another site must not drive the workbench even
    // if it learned the port. Non-browser clients holding the token may omit it.
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins.has(origin)) return refuse(403, 'Forbidden');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws));
  });

  wss.on('connection', (ws: WebSocket) => {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    ws.on('message', (data: Buffer | ArrayBuffer | Buffer[], isBinary) => {
      void handleMessage(ws, isBinary ? null : Buffer.concat(asBuffers(data)).toString('utf8'));
    });
  });

  async function handleMessage(ws: WebSocket, text: string | null): Promise<void> {
    const request = parseRequest(text);
    if (!request.ok) {
      send(ws, { kind: 'evalbench:result', id: request.id, result: fail('invalid_input', request.message) });
      return;
    }
    const result = await options.router(request.value.call, request.value.input);
    send(ws, { kind: 'evalbench:result', id: request.value.id, result });
  }

  const stopListening = options.bus.listen((message) => {
    for (const ws of sockets) send(ws, { kind: 'evalbench:event', ...message });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const displayHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  allowedOrigins = new Set([`http://${displayHost}:${port}`, `http://localhost:${port}`, `http://127.0.0.1:${port}`]);

  return {
    url: `http://${displayHost}:${port}/?token=${encodeURIComponent(token)}`,
    port,
    token,
    close: async () => {
      stopListening();
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function asBuffers(data: Buffer | ArrayBuffer | Buffer[]): Buffer[] {
  if (Array.isArray(data)) return data;
  return [Buffer.isBuffer(data) ? data : Buffer.from(data)];
}

function send(ws: WebSocket, message: WsServerMessage): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
}

function tokenMatches(given: string | null, expected: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

type ParsedRequest = { ok: true; value: WsRequest } | { ok: false; id: number; message: string };

function parseRequest(text: string | null): ParsedRequest {
  if (text === null) return { ok: false, id: -1, message: 'Binary messages are not part of the Evalbench protocol.' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, id: -1, message: 'The message is not valid JSON.' };
  }
  if (typeof value !== 'object' || value === null) return { ok: false, id: -1, message: 'The message must be a JSON object.' };
  const record = value as Record<string, unknown>;
  const id = typeof record.id === 'number' && Number.isInteger(record.id) ? record.id : -1;
  if (record.kind !== 'evalbench:invoke') return { ok: false, id, message: 'Unknown message kind; expected "evalbench:invoke".' };
  if (id < 0) return { ok: false, id, message: 'The message needs a non-negative integer id.' };
  if (typeof record.call !== 'string') return { ok: false, id, message: 'The message needs a call name.' };
  return { ok: true, value: { kind: 'evalbench:invoke', id, call: record.call, input: record.input } };
}

function contentSecurityPolicy(): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Monaco and ECharts inject style elements at run time.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}
