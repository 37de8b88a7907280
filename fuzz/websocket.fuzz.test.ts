import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { WsServerMessage } from '../src/shared/bridge';
import type { SeededRandom } from '../src/shared/stats/seededRandom';
import { startHeadlessHost, type HeadlessHost } from '../src/main/services/host/startHeadlessHost';
import { closeCode, decodeFrames, encodeFrame, openRawSocket, type RawFrame } from '../src/main/services/host/testing/rawWebSocket';
import { FUZZ_SEED, fuzzCases, fuzzRandom } from './budget';

/**
 * Malformed WebSocket frames and API messages against a live `serve` host (in this process, so
 * an unhandled 'error' event fails the run). Each case opens its own connection and writes one
 * to four frames; after every batch the host must answer `app.info` on a fresh connection
 * within HEALTH_LIMIT_MS. A case never waits longer than CASE_LIMIT_MS for the host to react.
 */
const CASES = fuzzCases(300);
const BATCH = 20;
const CASE_LIMIT_MS = 400;
const HEALTH_LIMIT_MS = 5_000;
/** Calls that only read or touch this temporary home; the fuzz never loads models or starts runs. */
const CALLS = [
  'app.info',
  'settings.get',
  'settings.update',
  'testSets.list',
  'testSets.open',
  'runs.list',
  'runs.get',
  'runs.results',
  'review.list',
  'models.list',
  'no.such.call',
  '__proto__',
  'constructor',
  '',
];

let host: HeadlessHost;
const internalErrors: string[] = [];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-fuzz-ws-'));

beforeAll(async () => {
  const rendererDir = path.join(tmp, 'renderer');
  fs.mkdirSync(rendererDir);
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>fuzz</title>');
  host = await startHeadlessHost({
    home: path.join(tmp, 'home'),
    rendererDir,
    host: '127.0.0.1',
    port: 0,
    onInternalError: (call, error) => internalErrors.push(`${call}: ${String(error)}`),
  });
});
afterAll(async () => {
  await host.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const pick = <T>(random: SeededRandom, items: readonly T[]): T => items[random.nextInt(items.length)] as T;
const bytes = (random: SeededRandom, n: number): Buffer => Buffer.from(Array.from({ length: n }, () => random.nextInt(256)));

/** A JSON-ish value: nested, huge, odd numbers and keys. */
function value(random: SeededRandom, depth: number): unknown {
  switch (random.nextInt(depth > 4 ? 4 : 7)) {
    case 0:
      return pick(random, [0, -1, 1e308, -0, 2 ** 53 + 1, 3.5, null, true, false]);
    case 1:
      return 'x'.repeat(pick(random, [0, 1, 100, 70_000]));
    case 2:
      return pick(random, ['dark', '../../etc/passwd', '\u0000', '\ud800', '<script>', '{{x}}']);
    case 3:
      return bytes(random, 8).toString('latin1');
    case 4:
      return Array.from({ length: random.nextInt(4) }, () => value(random, depth + 1));
    case 5:
      return Object.fromEntries(
        Array.from({ length: random.nextInt(4) }, () => [
          pick(random, ['id', 'theme', '__proto__', 'constructor', 'path', 'runId', 'x']),
          value(random, depth + 1),
        ]),
      );
    default:
      return JSON.parse('['.repeat(2000) + ']'.repeat(2000)) as unknown;
  }
}

/** An API message that parses as a frame but may be anything as a message. */
function message(random: SeededRandom): string {
  switch (random.nextInt(6)) {
    case 0:
      return JSON.stringify({ kind: 'evalbench:invoke', id: random.nextInt(1000), call: pick(random, CALLS), input: value(random, 0) });
    case 1:
      return JSON.stringify({
        kind: pick(random, ['evalbench:invoke', 'evalbench:ping', 'evalbench:result', 'x']),
        id: pick(random, [-1, 1.5, 2 ** 60, '7', null]),
        call: value(random, 3),
      });
    case 2:
      return JSON.stringify(value(random, 0));
    case 3:
      return '{'.repeat(random.nextInt(100_000));
    case 4:
      return JSON.stringify({ kind: 'evalbench:invoke', id: 1, call: pick(random, CALLS) }).slice(0, random.nextInt(60));
    default:
      return JSON.stringify({ kind: 'evalbench:ping', id: random.nextInt(10) });
  }
}

/** One malformed (or, sometimes, well-formed) frame. */
function frame(random: SeededRandom): RawFrame {
  const text = (): Buffer => Buffer.from(message(random), 'utf8');
  switch (random.nextInt(9)) {
    case 0:
      return { opcode: random.nextInt(16), payload: bytes(random, random.nextInt(64)) };
    case 1:
      return { opcode: 1, payload: text(), rsv: 1 + random.nextInt(7) };
    case 2:
      return { opcode: 1, payload: text(), masked: false };
    case 3:
      return {
        opcode: 1,
        payload: bytes(random, 8),
        declaredLength: pick(random, [0, 3, 126, 65_535, 65_536, 33 * 1024 * 1024, 64 * 1024 * 1024, 2 ** 40, 2 ** 53 - 1]),
      };
    case 4: {
      const payload = text();
      for (let i = 0; i < 3 && payload.length > 0; i++)
        payload[random.nextInt(payload.length)] = pick(random, [0xff, 0xc0, 0xed, 0x80, 0xf8]);
      return { opcode: 1, payload };
    }
    case 5:
      return { opcode: pick(random, [0, 1, 2, 9]), fin: false, payload: text() };
    case 6: {
      const reason = random.nextInt(2) === 0 ? Buffer.from('bye') : Buffer.from([0xff, 0xfe]);
      const code = Buffer.alloc(2);
      code.writeUInt16BE(pick(random, [0, 999, 1000, 1004, 1005, 1006, 1015, 2999, 3000, 4999, 5000, 65_535]));
      return { opcode: 8, payload: random.nextInt(5) === 0 ? Buffer.from([3]) : Buffer.concat([code, reason]) };
    }
    case 7:
      return { opcode: pick(random, [9, 10]), payload: bytes(random, pick(random, [0, 125, 126, 300])) };
    default:
      return { opcode: pick(random, [1, 2]), payload: text() };
  }
}

type Outcome = 'closed by the host' | 'answered' | 'left open, no answer';

async function runCase(random: SeededRandom): Promise<{ outcome: Outcome; code: number | null }> {
  const frames = Array.from({ length: 1 + random.nextInt(4) }, () => frame(random));
  const raw = await openRawSocket(host.bridge.port, host.bridge.token);
  try {
    // Some cases split their bytes at random points, as a slow network would.
    const wire = Buffer.concat(frames.map(encodeFrame));
    const cut = random.nextInt(2) === 0 ? random.nextInt(wire.length + 1) : wire.length;
    raw.write(wire.subarray(0, cut));
    if (cut < wire.length) raw.write(wire.subarray(cut));
    const closed = await raw.closedWithin(CASE_LIMIT_MS);
    const replies = decodeFrames(raw.received());
    if (closed) return { outcome: 'closed by the host', code: closeCode(replies) };
    return { outcome: replies.some((f) => f.opcode === 1) ? 'answered' : 'left open, no answer', code: null };
  } finally {
    raw.destroy();
  }
}

async function healthy(): Promise<boolean> {
  const port = host.bridge.port;
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api?token=${host.bridge.token}`, { headers: { Origin: `http://127.0.0.1:${port}` } });
  ws.on('error', () => undefined);
  const answered = new Promise<boolean>((resolve) => {
    ws.once('open', () => ws.send(JSON.stringify({ kind: 'evalbench:invoke', id: 1, call: 'app.info', input: {} })));
    ws.once('message', (data: Buffer) => {
      const reply = JSON.parse(data.toString('utf8')) as WsServerMessage;
      resolve(reply.kind === 'evalbench:result' && reply.result.ok);
    });
  });
  const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), HEALTH_LIMIT_MS).unref());
  try {
    return await Promise.race([answered, timeout]);
  } finally {
    ws.terminate();
  }
}

describe('fuzz: WebSocket frames and API messages against a live serve host', () => {
  it(`survives ${CASES} seeded hostile connections and answers after every batch of ${BATCH}`, async () => {
    const random = fuzzRandom('websocket');
    const outcomes = new Map<string, number>();
    const started = performance.now();
    for (let first = 0; first < CASES; first += BATCH) {
      const batch = Array.from({ length: Math.min(BATCH, CASES - first) }, () =>
        fuzzRandom(`websocket:${first}:${random.nextInt(2 ** 30)}`),
      );
      const results = await Promise.all(batch.map((r) => runCase(r)));
      for (const { outcome, code } of results) {
        const key = code === null ? outcome : `${outcome} (${code})`;
        outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
      }
      expect(await healthy(), `the host stopped answering after cases ${first}-${first + batch.length - 1} (seed ${FUZZ_SEED})`).toBe(true);
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `websocket fuzz (seed ${FUZZ_SEED}): ${CASES} cases in ${seconds} s; ${[...outcomes]
        .sort((a, b) => b[1] - a[1])
        .map(([k, n]) => `${k}: ${n}`)
        .join(', ')}; internal errors: ${internalErrors.length}`,
    );
    expect(internalErrors, 'garbage input must give invalid_input, never an internal error').toEqual([]);
  });
});
