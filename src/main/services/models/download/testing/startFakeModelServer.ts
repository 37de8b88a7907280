import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the fake server saw it. */
export interface RecordedRequest {
  method: string;
  /** Path and query. */
  url: string;
  headers: http.IncomingHttpHeaders;
}

/** A running fake server; see `startFakeModelServer`. */
export interface FakeModelServer {
  /** `http://127.0.0.1:PORT`. */
  origin: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** Stops the server, cutting any connection still open (a stalled body, for instance). */
  close(): Promise<void>;
}

/** Answers one request; `index` counts requests from 0, for servers that misbehave once. */
export type FakeHandler = (request: http.IncomingMessage, response: http.ServerResponse, index: number) => void;

/** Starts an HTTP server on 127.0.0.1 on a free port, for download tests that must not touch the network. */
export async function startFakeModelServer(handler: FakeHandler): Promise<FakeModelServer> {
  const requests: RecordedRequest[] = [];
  const server = http.createServer((request, response) => {
    requests.push({ method: request.method ?? 'GET', url: request.url ?? '/', headers: request.headers });
    handler(request, response, requests.length - 1);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
