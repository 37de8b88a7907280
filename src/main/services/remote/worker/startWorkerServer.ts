import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { LoadedModelInfo, LoadOptionsInput } from '../../../../shared/engine';
import { Engine } from '../../engine/Engine';
import { forkWorker, type WorkerLauncher } from '../../engine/WorkerProcess';
import { validateGguf } from '../../gguf/validateGguf';
import { checkLocalRequest, localAddresses, type LocalAddresses } from '../../net/localRequestGuard';
import { bearerTokenMatches } from './bearerTokenMatches';
import { isLoopbackHost } from './isLoopbackHost';
import { ModelPool } from './ModelPool';
import { parseOpenAiRequest } from './parseOpenAiRequest';
import { sendOpenAiError, type OpenAiErrorDetails } from './sendOpenAiError';
import { serveCompletion } from './serveCompletion';
import { serveLoglikelihood } from './serveLoglikelihood';
import { parseLoglikelihoodRequest } from './WorkerLoglikelihood';
import { optionalFields } from '../../../../shared/optionalFields';

/** How `startWorkerServer` serves a model. */
export interface WorkerServerOptions {
  /** The GGUF file (for a split model, its first part). */
  modelPath: string;
  /** The inference worker script (the built `worker.js`). */
  workerScript: string;
  launch?: WorkerLauncher;
  /** Address to listen on; default 127.0.0.1. Anything beyond loopback requires `token`. */
  host?: string;
  /** Port; default 0, any free one (the command picks its own default). */
  port?: number;
  /** Required as `Authorization: Bearer <token>` on every call but `/health` when set. */
  token?: string;
  /** Copies of the model, each in its own worker process: requests served at once. Default 1. */
  parallel?: number;
  load?: LoadOptionsInput;
  /** The model's name in the API; default the file name without `.gguf`. */
  modelName?: string;
  /** Requests allowed to wait for a copy before the server answers 503. Default 64. */
  maxQueued?: number;
  /** SSE keep-alive comments while a streamed answer has not started. Default 10 s. */
  keepAliveMs?: number;
  /** How long `close` lets running generations finish before cutting them. Default 5 s. */
  closeGraceMs?: number;
  /** How long a client may take to send its request headers. Default 10 s. */
  headersTimeoutMs?: number;
  /** How long a client may take to send a request body, from its headers on. Default 30 s. */
  bodyTimeoutMs?: number;
  /** One line per request, for the server's log. */
  onLog?: (line: string) => void;
  /** Stops the start-up (the model's loading) with an `AbortError`; nothing is left listening. */
  signal?: AbortSignal;
}

/** A worker server that is listening with its model loaded. */
export interface RunningWorkerServer {
  /** The API's base URL, e.g. `http://127.0.0.1:8080/v1`. */
  url: string;
  modelName: string;
  /** What loading the model gave (backend, layers, threads, memory). */
  info: LoadedModelInfo;
  /** Stops listening, lets running generations finish (up to `closeGraceMs`), then unloads the model. */
  close(): Promise<void>;
}

/** A setting that makes serving unsafe or impossible; nothing was started. */
export class WorkerServerError extends Error {
  override name = 'WorkerServerError';
}

const BODY_LIMIT = 8 * 1024 * 1024;

/**
 * `evalbench worker`: serves one local model over an OpenAI-compatible API (`GET /v1/models`,
 * `POST /v1/completions`, `POST /v1/chat/completions`) using the engine's crash-isolated
 * workers, so another machine's Evalbench (or any OpenAI client) can run cases on it, and
 * Evalbench's own `POST /v1/loglikelihood` (`WorkerLoglikelihoodRequest`), which scores a
 * multiple-choice item's choices as a local run does. Listens
 * first, so a taken port fails at once, and answers 503 until the model has loaded.
 */
export async function startWorkerServer(options: WorkerServerOptions): Promise<RunningWorkerServer> {
  const host = options.host ?? '127.0.0.1';
  const { token } = options;
  if (token?.trim() === '')
    throw new WorkerServerError('The worker token is empty; give a long random string, or none to serve on loopback only.');
  if (token === undefined && !isLoopbackHost(host)) {
    throw new WorkerServerError(
      `Refusing to listen on ${host} without a token: anyone who can reach this machine could use it. Set a token (--token, or the EVALBENCH_WORKER_TOKEN environment variable), or listen on 127.0.0.1.`,
    );
  }
  const parallel = options.parallel ?? 1;
  if (!Number.isInteger(parallel) || parallel < 1)
    throw new WorkerServerError(`parallel must be a whole number of at least 1, got ${parallel}.`);
  const modelName = options.modelName ?? path.basename(options.modelPath).replace(/\.gguf$/i, '');
  const log = options.onLog ?? (() => undefined);
  let pool: ModelPool | null = null;
  let closing = false;
  const running = new Set<Promise<void>>();
  const headersTimeoutMs = options.headersTimeoutMs ?? 10_000;
  const bodyTimeoutMs = options.bodyTimeoutMs ?? 30_000;
  // Without a token, the Host and Origin checks are what keep web pages out (DNS rebinding, simple
  // cross-origin POSTs); with one, the bearer token does, and the worker may be reached by any name.
  let allowed: LocalAddresses | null = null;

  const engine = new Engine({
    workerScript: options.workerScript,
    launch: options.launch ?? forkWorker,
    checkModelFile: async (file) =>
      (await validateGguf(file)).problems.filter((p) => p.severity === 'error').map((p) => `${p.message}. ${p.hint}`),
  });

  const handle = async (request: http.IncomingMessage, response: http.ServerResponse): Promise<void> => {
    const route = (request.url ?? '/').split('?')[0] ?? '/';
    const method = request.method ?? 'GET';
    const refuse = (status: number, message: string, details: OpenAiErrorDetails): void => {
      log(`${method} ${route} ${status}`);
      sendOpenAiError(response, status, message, details);
    };
    if (token === undefined) {
      const refused = checkLocalRequest(request.headers, allowed ?? { hosts: new Set(), origins: new Set() });
      if (refused !== null) {
        log(refused.message);
        refuse(
          refused.status,
          `${refused.message} Without a token this worker answers only local programs; start it with --token to serve other machines.`,
          { type: 'invalid_request_error', code: 'forbidden' },
        );
        return;
      }
    }
    if (route === '/health') {
      const ready = pool !== null && !closing;
      response.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: ready ? 'ok' : closing ? 'stopping' : 'loading' }));
      return;
    }
    if (token !== undefined && !bearerTokenMatches(request.headers.authorization, token)) {
      const message =
        request.headers.authorization === undefined
          ? 'This Evalbench worker needs a token: send `Authorization: Bearer <token>` (the token the worker was started with).'
          : "The token in the Authorization header is not this worker's; use the token it was started with.";
      refuse(401, message, { type: 'invalid_request_error', code: 'invalid_api_key', headers: { 'www-authenticate': 'Bearer' } });
      return;
    }
    const kind =
      route === '/v1/completions'
        ? 'completion'
        : route === '/v1/chat/completions'
          ? 'chat'
          : route === '/v1/models'
            ? 'models'
            : route === '/v1/loglikelihood'
              ? 'loglikelihood'
              : null;
    if (kind === null) {
      refuse(
        404,
        `No such endpoint: ${method} ${route}. This worker serves GET /v1/models, POST /v1/completions, POST /v1/chat/completions and POST /v1/loglikelihood.`,
        { type: 'invalid_request_error', code: 'not_found' },
      );
      return;
    }
    if ((kind === 'models') !== (method === 'GET')) {
      refuse(405, `${route} does not answer ${method}; use ${kind === 'models' ? 'GET' : 'POST'}.`, {
        type: 'invalid_request_error',
        headers: { allow: kind === 'models' ? 'GET' : 'POST' },
      });
      return;
    }
    if (pool === null || closing) {
      refuse(503, closing ? 'This worker is shutting down.' : `This worker is still loading ${modelName}; try again in a moment.`, {
        type: 'server_error',
        code: 'unavailable',
        headers: { 'retry-after': '2' },
      });
      return;
    }
    if (kind === 'models') {
      const body = JSON.stringify({
        object: 'list',
        data: [{ id: modelName, object: 'model', created: 0, owned_by: 'evalbench', evalbench: { parallel, info: pool.info } }],
      });
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      response.end(body);
      return;
    }
    const body = await readJson(request, bodyTimeoutMs);
    if (!body.ok) {
      // The rest of a refused body is never read, so the connection cannot serve another request.
      refuse(body.status, body.message, { type: 'invalid_request_error', headers: { connection: 'close' } });
      return;
    }
    if (kind === 'loglikelihood') {
      const item = parseLoglikelihoodRequest(body.value);
      if (!item.ok) {
        refuse(400, item.message, { type: 'invalid_request_error', param: item.param });
        return;
      }
      if (item.value.model !== undefined && item.value.model !== modelName) {
        refuse(404, `This worker serves "${modelName}", not "${item.value.model}"; ask for "${modelName}" (GET /v1/models lists it).`, {
          type: 'invalid_request_error',
          code: 'model_not_found',
          param: 'model',
        });
        return;
      }
      const started = performance.now();
      await serveLoglikelihood(response, item.value, {
        pool,
        engine,
        modelName,
        onFinished: (status, choices) =>
          log(`${method} ${route} ${status} ${choices} choices ${Math.round(performance.now() - started)} ms`),
      });
      return;
    }
    const parsed = parseOpenAiRequest(kind, body.value);
    if (!parsed.ok) {
      refuse(400, parsed.message, { type: 'invalid_request_error', param: parsed.param });
      return;
    }
    if (parsed.model !== undefined && parsed.model !== modelName) {
      refuse(404, `This worker serves "${modelName}", not "${parsed.model}"; ask for "${modelName}" (GET /v1/models lists it).`, {
        type: 'invalid_request_error',
        code: 'model_not_found',
        param: 'model',
      });
      return;
    }
    const started = performance.now();
    await serveCompletion(response, parsed, {
      kind,
      pool,
      engine,
      modelName,
      keepAliveMs: options.keepAliveMs ?? 10_000,
      onFinished: (status, result) => {
        const tokens = result === null ? '' : ` ${result.timings.generatedTokens} tokens`;
        log(`${method} ${route} ${status}${parsed.stream ? ' stream' : ''}${tokens} ${Math.round(performance.now() - started)} ms`);
      },
    });
  };

  // Node checks these deadlines every `connectionsCheckingInterval`; a long interval would let a
  // slow client hold its connection for up to twice the deadline.
  const server = http.createServer(
    {
      headersTimeout: headersTimeoutMs,
      requestTimeout: headersTimeoutMs + bodyTimeoutMs + 1000,
      connectionsCheckingInterval: Math.min(1000, headersTimeoutMs),
    },
    (request, response) => {
      request.on('error', (error) => log(`${request.method ?? 'GET'} ${request.url ?? '/'}: the request failed: ${error.message}`));
      response.on('error', (error) =>
        log(`${request.method ?? 'GET'} ${request.url ?? '/'}: the answer could not be sent: ${error.message}`),
      );
      const work = handle(request, response).catch((error: unknown) => {
        log(`${request.method ?? 'GET'} ${request.url ?? '/'} failed: ${error instanceof Error ? error.message : String(error)}`);
        sendOpenAiError(response, 500, 'The worker failed to answer; see its log.', { type: 'server_error' });
      });
      running.add(work);
      void work.finally(() => running.delete(work));
    },
  );
  // `requestTimeout` covers receiving the request only; a generation that takes minutes to answer is not cut.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (error.code !== 'ECONNRESET')
      log(`dropped a malformed or too slow request: ${error.message}${error.code ? ` (${error.code})` : ''}`);
    if (socket.writable && !socket.destroyed) {
      const status = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    } else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => log(`server error: ${error.message}`));
  allowed = localAddresses(host, (server.address() as AddressInfo).port);

  try {
    pool = await ModelPool.start({
      engine,
      modelPath: options.modelPath,
      load: options.load ?? {},
      size: parallel,
      maxQueued: options.maxQueued ?? 64,
      ...optionalFields({ signal: options.signal }),
    });
  } catch (error) {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await engine.dispose();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const loaded = pool;

  let closed: Promise<void> | undefined;
  return {
    url: `http://${shownHost}:${port}/v1`,
    modelName,
    info: loaded.info,
    close: () => {
      closed ??= (async () => {
        closing = true;
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const grace = new Promise<void>((resolve) => setTimeout(resolve, options.closeGraceMs ?? 5_000).unref());
        await Promise.race([Promise.allSettled([...running]), grace]);
        // Cutting a connection aborts its generation (serveCompletion listens for `close`).
        server.closeAllConnections();
        await Promise.allSettled([...running]);
        await stopped;
        await loaded.dispose();
      })();
      return closed;
    },
  };
}

type ReadBody = { ok: true; value: unknown } | { ok: false; status: number; message: string };

/** Reads a JSON body of at most BODY_LIMIT bytes that arrives within `timeoutMs`. */
async function readJson(request: http.IncomingMessage, timeoutMs: number): Promise<ReadBody> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<ReadBody>((resolve) => {
    timer = setTimeout(
      () => resolve({ ok: false, status: 408, message: `The request body did not arrive within ${timeoutMs / 1000} s.` }),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([readBody(request), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

async function readBody(request: http.IncomingMessage): Promise<ReadBody> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > BODY_LIMIT) return { ok: false, status: 413, message: `The request body is larger than ${BODY_LIMIT / 1024 / 1024} MiB.` };
    chunks.push(chunk);
  }
  try {
    return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown };
  } catch {
    return { ok: false, status: 400, message: 'The request body is not valid JSON.' };
  }
}
