import crypto from 'node:crypto';
import net from 'node:net';

/** One WebSocket frame as a hostile client would write it: every field may lie. */
export interface RawFrame {
  fin?: boolean;
  /** The three reserved bits, 0-7. */
  rsv?: number;
  /** 0-15, reserved ones included. */
  opcode: number;
  payload: Buffer;
  /** A client must mask; `false` sends the payload bare. */
  masked?: boolean;
  /** The length the header announces, if not the payload's real one. */
  declaredLength?: number;
}

/** Encodes a frame byte for byte (RFC 6455 section 5.2), lies included. */
export function encodeFrame(frame: RawFrame): Buffer {
  const masked = frame.masked ?? true;
  const length = frame.declaredLength ?? frame.payload.length;
  const first = ((frame.fin ?? true) ? 0x80 : 0) | (((frame.rsv ?? 0) & 7) << 4) | (frame.opcode & 0x0f);
  let header: Buffer;
  if (length < 126) header = Buffer.from([first, (masked ? 0x80 : 0) | length]);
  else if (length < 65536) {
    header = Buffer.alloc(4);
    header.writeUInt16BE(length, 2);
    header[1] = (masked ? 0x80 : 0) | 126;
  } else {
    header = Buffer.alloc(10);
    header.writeBigUInt64BE(BigInt(length), 2);
    header[1] = (masked ? 0x80 : 0) | 127;
  }
  header[0] = first;
  if (!masked) return Buffer.concat([header, frame.payload]);
  const key = crypto.randomBytes(4);
  const body = Buffer.from(frame.payload);
  for (let i = 0; i < body.length; i++) body[i] = (body[i] ?? 0) ^ (key[i % 4] ?? 0);
  return Buffer.concat([header, key, body]);
}

/** What the server sent back, decoded from its unmasked frames. */
export interface ServerFrame {
  opcode: number;
  payload: Buffer;
}

/** Decodes the frames in what a server sent (a trailing partial frame is ignored). */
export function decodeFrames(data: Buffer): ServerFrame[] {
  const frames: ServerFrame[] = [];
  let at = 0;
  while (at + 2 <= data.length) {
    const opcode = (data[at] ?? 0) & 0x0f;
    let length = (data[at + 1] ?? 0) & 0x7f;
    let start = at + 2;
    if (length === 126) {
      if (start + 2 > data.length) break;
      length = data.readUInt16BE(start);
      start += 2;
    } else if (length === 127) {
      if (start + 8 > data.length) break;
      length = Number(data.readBigUInt64BE(start));
      start += 8;
    }
    if (start + length > data.length) break;
    frames.push({ opcode, payload: data.subarray(start, start + length) });
    at = start + length;
  }
  return frames;
}

/** The close code in a server's close frame, or null if it sent none. */
export function closeCode(frames: ServerFrame[]): number | null {
  const close = frames.find((f) => f.opcode === 8);
  return close !== undefined && close.payload.length >= 2 ? close.payload.readUInt16BE(0) : null;
}

/** A TCP connection that has completed a WebSocket handshake and writes whatever it is given. */
export interface RawSocket {
  write(bytes: Buffer): void;
  /** Everything the server sent after its 101 answer. */
  received(): Buffer;
  /** Resolves when the server closed the connection, or after `ms` (true when it closed). */
  closedWithin(ms: number): Promise<boolean>;
  destroy(): void;
}

/** Opens `/api?token=…` on 127.0.0.1:`port` by hand, so that later frames can be malformed. */
export function openRawSocket(port: number, token: string, origin = `http://127.0.0.1:${port}`): Promise<RawSocket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let head = Buffer.alloc(0);
    let body: Buffer[] = [];
    let upgraded = false;
    let closed = false;
    const closeWaiters = new Set<() => void>();
    socket.on('error', () => undefined);
    socket.on('close', () => {
      closed = true;
      for (const wake of closeWaiters) wake();
      if (!upgraded)
        reject(new Error(`The server closed the connection during the handshake: ${head.toString('latin1').split('\r\n')[0] ?? ''}`));
    });
    socket.on('data', (chunk: Buffer) => {
      if (upgraded) {
        body.push(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      const status = head.subarray(0, end).toString('latin1').split('\r\n')[0] ?? '';
      if (!status.includes(' 101 ')) {
        reject(new Error(`The handshake was refused: ${status}`));
        socket.destroy();
        return;
      }
      upgraded = true;
      body = [head.subarray(end + 4)];
      resolve({
        write: (bytes) => {
          if (!socket.destroyed) socket.write(bytes);
        },
        received: () => Buffer.concat(body),
        closedWithin: (ms) =>
          new Promise((done) => {
            if (closed) return done(true);
            const wake = (): void => {
              clearTimeout(timer);
              done(true);
            };
            const timer = setTimeout(() => {
              closeWaiters.delete(wake);
              done(false);
            }, ms);
            closeWaiters.add(wake);
          }),
        destroy: () => socket.destroy(),
      });
    });
    socket.on('connect', () => {
      socket.write(
        [
          `GET /api?token=${encodeURIComponent(token)} HTTP/1.1`,
          `Host: 127.0.0.1:${port}`,
          'Upgrade: websocket',
          'Connection: Upgrade',
          `Sec-WebSocket-Key: ${crypto.randomBytes(16).toString('base64')}`,
          'Sec-WebSocket-Version: 13',
          `Origin: ${origin}`,
          '',
          '',
        ].join('\r\n'),
      );
    });
  });
}
