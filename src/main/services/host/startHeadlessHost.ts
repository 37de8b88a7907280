import { builtPaths } from '../appPaths';
import { forkWorker } from '../engine/WorkerProcess';
import { createServices, type Services } from '../Services';
import { startWebSocketBridge, type RunningBridge } from './WebSocketBridge';
import { optionalFields } from '../../../shared/optionalFields';

export interface HeadlessHostOptions {
  home: string;
  rendererDir: string;
  host: string;
  port: number;
  token?: string;
  /** Inference worker script; the built one by default. */
  workerScript?: string;
  onInternalError?: (call: string, error: unknown) => void;
  /** What went wrong with a client's connection (bad frames, reset sockets), one line each. */
  onLog?: (line: string) => void;
}

export interface HeadlessHost {
  services: Services;
  bridge: RunningBridge;
  close(): Promise<void>;
}

/** `evalbench serve`: the services plus the WebSocket bridge, no Electron. */
export async function startHeadlessHost(options: HeadlessHostOptions): Promise<HeadlessHost> {
  const services = createServices({
    home: options.home,
    host: 'browser',
    engine: { workerScript: options.workerScript ?? builtPaths.worker(), launch: forkWorker },
    summaryWorkerScript: builtPaths.summaryWorker(),
    testSetWorkerScript: builtPaths.testSetWorker(),
    ...(options.onInternalError ? { onInternalError: options.onInternalError } : {}),
  });
  let bridge: RunningBridge;
  try {
    bridge = await startWebSocketBridge({
      router: services.router,
      bus: services.bus,
      rendererDir: options.rendererDir,
      host: options.host,
      port: options.port,
      ...optionalFields({ token: options.token, onLog: options.onLog }),
    });
  } catch (error) {
    await services.close();
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    services,
    bridge,
    close: () => {
      closing ??= bridge.close().finally(() => services.close());
      return closing;
    },
  };
}
