import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { builtPaths } from '../../main/services/appPaths';
import { dataDir } from '../../main/services/dataDir';
import { startHeadlessHost } from '../../main/services/host/startHeadlessHost';
import { UsageError, type Command, type OptionValues } from '../command';

const DEFAULT_PORT = 47815;

function parsePort(value: OptionValues[string]): number | undefined {
  if (typeof value !== 'string') return undefined;
  if (!/^\d+$/.test(value) || Number(value) > 65535) {
    throw new UsageError(`--port must be a whole number from 0 to 65535, got "${value}".`);
  }
  return Number(value);
}

function openInBrowser(url: string, stderr: NodeJS.WritableStream): void {
  const [cmd, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '', url]]
        : ['xdg-open', [url]];
  const child = spawn(cmd, args, { detached: true, stdio: 'ignore' });
  child.on('error', () => {
    stderr.write(`Could not open a browser (${cmd} is not available); open the address above yourself.\n`);
  });
  child.unref();
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Start the workbench without Electron and serve its UI to a local browser.',
  usage: 'evalbench serve [--port N] [--host ADDR] [--no-open]',
  options: {
    port: {
      type: 'string',
      valueName: 'N',
      description: `Port to listen on (default ${DEFAULT_PORT}, or a free one if taken; 0 picks any).`,
    },
    host: { type: 'string', valueName: 'ADDR', description: 'Address to bind (default 127.0.0.1). The token guards every API call.' },
    'no-open': { type: 'boolean', description: 'Do not open a browser; only print the address.' },
  },
  async run(values, _positionals, { stdout, stderr, env }) {
    const explicitPort = parsePort(values.port);
    const host = typeof values.host === 'string' ? values.host : '127.0.0.1';
    const rendererDir = env.EVALBENCH_RENDERER_DIR ?? builtPaths.renderer();
    if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
      stderr.write(`The workbench UI is not built (no ${path.join(rendererDir, 'index.html')}); run \`npm run build\` first.\n`);
      return 1;
    }
    const home = dataDir(env);
    const start = (port: number) =>
      startHeadlessHost({
        home,
        rendererDir,
        host,
        port,
        onLog: (line) => stderr.write(`[evalbench] ${line}\n`),
        onInternalError: (call, error) =>
          stderr.write(`[evalbench] ${call}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`),
      });
    let running;
    try {
      running = await start(explicitPort ?? DEFAULT_PORT);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE' && explicitPort === undefined) {
        running = await start(0);
      } else if (code === 'EADDRINUSE') {
        stderr.write(`Port ${explicitPort} is already in use; pick another with --port, or --port 0 for any free one.\n`);
        return 1;
      } else if (code === 'EADDRNOTAVAIL') {
        stderr.write(`Cannot listen on ${host}: this machine has no such address.\n`);
        return 1;
      } else {
        throw error;
      }
    }
    stdout.write(`Evalbench is running at ${running.bridge.url}\n`);
    if (values['no-open'] !== true) openInBrowser(running.bridge.url, stderr);

    const host_ = running;
    await new Promise<void>((resolve) => {
      const stop = (): void => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        void host_.close().then(resolve);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    stdout.write('Evalbench stopped.\n');
    return 0;
  },
};
