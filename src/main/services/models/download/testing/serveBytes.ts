import type http from 'node:http';

/** How `serveBytes` should behave, including the ways real servers misbehave. */
export interface ServeBytesOptions {
  /** Answer 200 with the whole body even when a Range is asked for. */
  ignoreRange?: boolean;
  /** Extra response headers (ETag, X-Linked-Etag, Content-Type…). */
  headers?: http.OutgoingHttpHeaders;
  /** Send this many body bytes, then destroy the socket (a dropped connection). */
  cutAfter?: number;
  /** Send this many body bytes, then go silent with the connection open. */
  stallAfter?: number;
  /** Send the body in `chunkSize` pieces this far apart, to make the transfer take time. */
  chunkDelayMs?: number;
  /** Piece size with `chunkDelayMs`. Default 64 KiB. */
  chunkSize?: number;
}

/** Serves `body` with `Range: bytes=N-` / `bytes=N-M` support (206, 416), like a file server or CDN. */
export function serveBytes(
  request: http.IncomingMessage,
  response: http.ServerResponse,
  body: Buffer,
  options: ServeBytesOptions = {},
): void {
  const range = /^bytes=(\d+)-(\d*)$/.exec(request.headers.range ?? '');
  const headers = { 'content-type': 'application/octet-stream', 'accept-ranges': 'bytes', ...options.headers };
  let slice = body;
  if (range !== null && options.ignoreRange !== true) {
    const start = Number(range[1]);
    const end = range[2] === '' || range[2] === undefined ? body.length - 1 : Math.min(Number(range[2]), body.length - 1);
    if (start >= body.length) {
      response.writeHead(416, { ...headers, 'content-range': `bytes */${body.length}` }).end();
      return;
    }
    slice = body.subarray(start, end + 1);
    response.writeHead(206, { ...headers, 'content-length': slice.length, 'content-range': `bytes ${start}-${end}/${body.length}` });
  } else {
    response.writeHead(200, { ...headers, 'content-length': body.length });
  }
  if (options.cutAfter !== undefined) {
    response.write(slice.subarray(0, options.cutAfter), () => response.socket?.destroy());
    return;
  }
  if (options.stallAfter !== undefined) {
    response.write(slice.subarray(0, options.stallAfter));
    return;
  }
  if (options.chunkDelayMs === undefined) {
    response.end(slice);
    return;
  }
  const size = options.chunkSize ?? 64 * 1024;
  const delay = options.chunkDelayMs;
  const sendFrom = (at: number): void => {
    if (response.destroyed) return;
    if (at >= slice.length) {
      response.end();
      return;
    }
    response.write(slice.subarray(at, at + size));
    setTimeout(() => sendFrom(at + size), delay);
  };
  sendFrom(0);
}
