import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SESSION_CHECK_PATH, TOKEN_HEADER, type WsServerMessage } from '../../../shared/bridge';
import { ok } from '../../../shared/result';
import { EventBus } from '../EventBus';
import { startHeadlessHost, type HeadlessHost } from './startHeadlessHost';
import { closeCode, decodeFrames, encodeFrame, openRawSocket } from './testing/rawWebSocket';
import { startWebSocketBridge, MAX_IN_FLIGHT } from './WebSocketBridge';

let host: HeadlessHost;
const logs: string[] = [];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-bridge-robust-'));

beforeAll(async () => {
  const rendererDir = path.join(tmp, 'renderer');
  fs.mkdirSync(rendererDir);
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  host = await startHeadlessHost({
    home: path.join(tmp, 'home'),
    rendererDir,
    host: '127.0.0.1',
    port: 0,
    onLog: (line) => logs.push(line),
  });
});
afterAll(async () => {
  await host.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** One call over a fresh, well-behaved connection: proves the host is alive and answering. */
async function appInfo(): Promise<unknown> {
  const port = host.bridge.port;
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api?token=${host.bridge.token}`, { headers: { Origin: `http://127.0.0.1:${port}` } });
  try {
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    ws.send(JSON.stringify({ kind: 'evalbench:invoke', id: 1, call: 'app.info', input: {} }));
    const message = await new Promise<WsServerMessage>((resolve) =>
      ws.once('message', (data: Buffer) => resolve(JSON.parse(data.toString('utf8')) as WsServerMessage)),
    );
    return message;
  } finally {
    ws.close();
  }
}

const text = (value: string): Buffer => Buffer.from(value, 'utf8');

describe('WebSocket bridge under hostile frames', () => {
  const cases = [
    {
      name: 'a header announcing 64 MiB',
      frame: encodeFrame({ opcode: 1, payload: text('x'), declaredLength: 64 * 1024 * 1024 }),
      code: 1009,
      log: /WS_ERR_UNSUPPORTED_MESSAGE_LENGTH/,
    },
    {
      name: 'invalid UTF-8 in a text frame',
      frame: encodeFrame({ opcode: 1, payload: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) }),
      code: 1007,
      log: /WS_ERR_INVALID_UTF8/,
    },
    { name: 'a reserved opcode', frame: encodeFrame({ opcode: 3, payload: text('{}') }), code: 1002, log: /WS_ERR_INVALID_OPCODE/ },
    {
      name: 'an unmasked client frame',
      frame: encodeFrame({ opcode: 1, payload: text('{}'), masked: false }),
      code: 1002,
      log: /WS_ERR_EXPECTED_MASK/,
    },
    {
      name: 'a reserved bit set',
      frame: encodeFrame({ opcode: 1, rsv: 2, payload: text('{}') }),
      code: 1002,
      log: /WS_ERR_UNEXPECTED_RSV_2_3/,
    },
    {
      name: 'a fragmented ping',
      frame: encodeFrame({ opcode: 9, fin: false, payload: text('p') }),
      code: 1002,
      log: /WS_ERR_EXPECTED_FIN/,
    },
    {
      name: 'a close frame with an invalid code',
      frame: encodeFrame({ opcode: 8, payload: Buffer.from([0x03, 0xe7]) }),
      code: 1002,
      log: /WS_ERR_INVALID_CLOSE_CODE/,
    },
  ];
  for (const c of cases) {
    it(`closes only the offending connection on ${c.name}, logs why, and keeps answering`, async () => {
      const raw = await openRawSocket(host.bridge.port, host.bridge.token);
      raw.write(c.frame);
      expect(await raw.closedWithin(3000)).toBe(true);
      expect(closeCode(decodeFrames(raw.received()))).toBe(c.code);
      expect(logs.some((line) => c.log.test(line) && /closed that connection/.test(line))).toBe(true);
      expect(await appInfo()).toMatchObject({ kind: 'evalbench:result', id: 1, result: { ok: true } });
    });
  }

  it('answers garbage, unknown calls and unknown kinds with clean errors on a socket it keeps open', async () => {
    const raw = await openRawSocket(host.bridge.port, host.bridge.token);
    const messages = [
      'not json',
      '[1,2]',
      '"str"',
      JSON.stringify({ kind: 'evalbench:nope', id: 4 }),
      JSON.stringify({ kind: 'evalbench:invoke', id: 5, call: 'no.such.call', input: {} }),
      '{'.repeat(200_000),
    ];
    for (const m of messages) raw.write(encodeFrame({ opcode: 1, payload: text(m) }));
    raw.write(encodeFrame({ opcode: 2, payload: Buffer.from([1, 2, 3]) }));
    await expect.poll(() => decodeFrames(raw.received()).length, { timeout: 5000 }).toBe(messages.length + 1);
    const answers = decodeFrames(raw.received()).map((f) => JSON.parse(f.payload.toString('utf8')) as WsServerMessage);
    expect(answers.every((a) => a.kind === 'evalbench:result' && !a.result.ok)).toBe(true);
    expect(answers.find((a) => a.kind === 'evalbench:result' && a.id === 5)).toMatchObject({ result: { error: { code: 'unknown_call' } } });
    expect(await raw.closedWithin(50)).toBe(false);
    raw.destroy();
  });

  it('answers every message of a flood, refusing the ones past its in-flight limit, and stays responsive', async () => {
    const raw = await openRawSocket(host.bridge.port, host.bridge.token);
    const count = MAX_IN_FLIGHT * 4;
    const burst = Buffer.concat(
      Array.from({ length: count }, (_, i) =>
        encodeFrame({ opcode: 1, payload: text(JSON.stringify({ kind: 'evalbench:invoke', id: i, call: 'runs.list', input: {} })) }),
      ),
    );
    raw.write(burst);
    await expect.poll(() => decodeFrames(raw.received()).length, { timeout: 20_000 }).toBe(count);
    const answers = decodeFrames(raw.received()).map((f) => JSON.parse(f.payload.toString('utf8')) as WsServerMessage);
    expect(new Set(answers.map((a) => (a.kind === 'evalbench:result' ? a.id : -1))).size).toBe(count);
    for (const a of answers) if (a.kind === 'evalbench:result' && !a.result.ok) expect(a.result.error.code).toBe('unavailable');
    raw.destroy();
    expect(await appInfo()).toMatchObject({ result: { ok: true } });
  });

  it('answers a heartbeat ping with a pong of the same id', async () => {
    const raw = await openRawSocket(host.bridge.port, host.bridge.token);
    raw.write(encodeFrame({ opcode: 1, payload: text(JSON.stringify({ kind: 'evalbench:ping', id: 42 })) }));
    await expect.poll(() => decodeFrames(raw.received()).length).toBe(1);
    expect(JSON.parse(decodeFrames(raw.received())[0]?.payload.toString('utf8') ?? '')).toEqual({ kind: 'evalbench:pong', id: 42 });
    raw.destroy();
  });

  it("tells a tab whether its token is this host's, so a stale tab can say so", async () => {
    const check = (token: string): Promise<number> =>
      fetch(`http://127.0.0.1:${host.bridge.port}${SESSION_CHECK_PATH}`, { headers: { [TOKEN_HEADER]: token } }).then((r) => r.status);
    expect(await check(host.bridge.token)).toBe(204);
    expect(await check('an-old-token')).toBe(401);
  });

  it('refuses a foreign Host header (DNS rebinding) on pages and on the API', async () => {
    const status = (headers: Record<string, string>, pathName = '/'): Promise<number> =>
      new Promise((resolve, reject) => {
        http
          .get({ host: '127.0.0.1', port: host.bridge.port, path: pathName, headers }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          })
          .on('error', reject);
      });
    expect(await status({ Host: `evil.example:${host.bridge.port}` })).toBe(403);
    expect(await status({ Host: `localhost:${host.bridge.port}` })).toBe(200);
    await expect(openRawSocketWithHost(`evil.example:${host.bridge.port}`)).rejects.toThrow(/403/);
  });
});

function openRawSocketWithHost(hostHeader: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.bridge.port}/api?token=${host.bridge.token}`, { headers: { Host: hostHeader } });
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => {
      ws.terminate();
      reject(new Error(`refused with ${res.statusCode ?? 0}`));
    });
    ws.on('error', () => undefined);
  });
}

describe('WebSocket bridge heartbeat', () => {
  it('drops a client that stops answering pings, and logs it', async () => {
    const lines: string[] = [];
    const rendererDir = path.join(tmp, 'renderer');
    const bridge = await startWebSocketBridge({
      router: () => Promise.resolve(ok(null)),
      bus: new EventBus(),
      rendererDir,
      host: '127.0.0.1',
      port: 0,
      heartbeatMs: 100,
      onLog: (l) => lines.push(l),
    });
    try {
      // A raw socket never answers the host's pings, as a tab on a machine that went to sleep.
      const raw = await openRawSocket(bridge.port, bridge.token);
      expect(await raw.closedWithin(2000)).toBe(true);
      expect(lines.some((l) => /did not answer a ping/.test(l))).toBe(true);
    } finally {
      await bridge.close();
    }
  });
});
