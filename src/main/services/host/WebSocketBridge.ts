import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { SESSION_CHECK_PATH, TOKEN_HEADER, type WsServerMessage } from '../../../shared/bridge';
import { fail } from '../../../shared/result';
import type { EventBus } from '../EventBus';
import { checkLocalRequest, localAddresses, type LocalAddresses } from '../net/localRequestGuard';
import type { Router } from '../router';
import { contentSecurityPolicy } from './contentSecurityPolicy';
import { parseWsMessage } from './parseWsMessage';
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
  /** One line per thing that went wrong with a client (a bad frame, a reset socket); default none. */
  onLog?: (line: string) => void;
  /** How often the host pings each client, dropping one that did not answer the last ping. Default 15 s. */
  heartbeatMs?: number;
}

export interface RunningBridge {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** Largest message a client may send; a bigger frame closes its socket with 1009, not the host. */
export const MAX_MESSAGE_BYTES = 32 * 1024 * 1024;
/** Calls one socket may have waiting for an answer; more are answered at once with `unavailable`. */
export const MAX_IN_FLIGHT = 256;

/**
 * Serves the renderer over HTTP and the API contract over a token-guarded WebSocket at /api.
 * Every socket and stream has an `'error'` handler: what a client sends can close that client's
 * connection, never the host.
 */
export async function startWebSocketBridge(options: BridgeOptions): Promise<RunningBridge> {
  const token = options.token ?? crypto.randomBytes(24).toString('base64url');
  const log = options.onLog ?? (() => undefined);
  let allowed: LocalAddresses = { hosts: new Set(), origins: new Set() };
  let nextClient = 1;

  const server = http.createServer((req, res) => {
    res.on('error', (error) => log(`HTTP ${req.method ?? '?'} ${req.url ?? '/'}: ${error.message}`));
    const refused = checkLocalRequest(req.headers, allowed);
    if (refused !== null) {
      log(refused.message);
      res.writeHead(refused.status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(refused.message);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://placeholder');
    if (url.pathname === SESSION_CHECK_PATH) {
      const given = req.headers[TOKEN_HEADER];
      res.writeHead(tokenMatches(typeof given === 'string' ? given : null, token) ? 204 : 401, { 'Cache-Control': 'no-store' }).end();
      return;
    }
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
    else {
      pipeline(fs.createReadStream(found.file), res, (error) => {
        if (error && error.code !== 'ERR_STREAM_PREMATURE_CLOSE') log(`Could not send ${found.file}: ${error.message}`);
      });
    }
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (error.code !== 'ECONNRESET') log(`Dropped a malformed HTTP request: ${error.message}`);
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  wss.on('error', (error) => log(`WebSocket server: ${error.message}`));
  const sockets = new Set<WebSocket>();

  server.on('upgrade', (req, socket, head) => {
    socket.on('error', (error) => log(`WebSocket upgrade: ${error.message}`));
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const refuse = (status: number, reason: string): void => {
      socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== '/api') return refuse(404, 'Not Found');
    // Browsers always send Origin; a page from another site must not drive the workbench even
    // if it learned the port. Non-browser clients holding the token may omit it.
    const refused = checkLocalRequest(req.headers, allowed);
    if (refused !== null) {
      log(refused.message);
      return refuse(refused.status, 'Forbidden');
    }
    if (!tokenMatches(url.searchParams.get('token'), token)) return refuse(401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws));
  });

  wss.on('connection', (ws: WebSocket) => {
    const client = nextClient++;
    let inFlight = 0;
    let alive = true;
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    // The ws library closes the socket itself after a protocol error (1002, 1007, 1009); without
    // this listener the error would be thrown and end the process.
    ws.on('error', (error: Error & { code?: string }) =>
      log(`WebSocket client ${client}: ${error.message}${error.code ? ` (${error.code})` : ''}; closed that connection.`),
    );
    ws.on('pong', () => (alive = true));
    const heartbeat = setInterval(() => {
      if (!alive) {
        log(`WebSocket client ${client} did not answer a ping; closed that connection.`);
        ws.terminate();
        return;
      }
      alive = false;
      ws.ping();
    }, options.heartbeatMs ?? 15_000);
    heartbeat.unref();
    ws.on('close', () => clearInterval(heartbeat));
    ws.on('message', (data: Buffer | ArrayBuffer | Buffer[], isBinary) => {
      const message = parseWsMessage(isBinary ? null : Buffer.concat(asBuffers(data)).toString('utf8'));
      if (!message.ok) {
        send(ws, { kind: 'evalbench:result', id: message.id, result: fail('invalid_input', message.message) });
        return;
      }
      const { value } = message;
      if (value.kind === 'evalbench:ping') {
        send(ws, { kind: 'evalbench:pong', id: value.id });
        return;
      }
      if (inFlight >= MAX_IN_FLIGHT) {
        send(ws, {
          kind: 'evalbench:result',
          id: value.id,
          result: fail(
            'unavailable',
            `More than ${MAX_IN_FLIGHT} calls from this tab are waiting for an answer.`,
            'Wait for the earlier calls to finish, then retry.',
          ),
        });
        return;
      }
      inFlight += 1;
      void options
        .router(value.call, value.input)
        .then((result) => send(ws, { kind: 'evalbench:result', id: value.id, result }))
        .finally(() => (inFlight -= 1));
    });
  });

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
  server.on('error', (error) => log(`HTTP server: ${error.message}`));
  const port = (server.address() as AddressInfo).port;
  const displayHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  allowed = localAddresses(options.host, port);

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
