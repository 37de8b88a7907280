import fs from 'node:fs';
import type { LoadOptionsInput } from '../../shared/engine';
import { builtPaths } from '../../main/services/appPaths';
import { ModelFileError } from '../../main/services/engine/Engine';
import { WorkerError } from '../../main/services/engine/WorkerHandle';
import { startWorkerServer, WorkerServerError } from '../../main/services/remote/worker/startWorkerServer';
import { UsageError, type Command, type CommandContext, type OptionValues } from '../command';
import { optionalFields } from '../../shared/optionalFields';

const DEFAULT_PORT = 47816;
const TOKEN_ENV = 'EVALBENCH_WORKER_TOKEN';

type Values = OptionValues;

function text(values: Values, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

function wholeNumber(values: Values, name: string, min: number, max: number): number | undefined {
  const value = text(values, name);
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${value}".`);
  }
  return Number(value);
}

function gpuLayers(values: Values): LoadOptionsInput['gpuLayers'] {
  const value = text(values, 'gpu-layers');
  if (value === undefined || value === 'auto' || value === 'max') return value;
  if (!/^\d+$/.test(value)) throw new UsageError(`--gpu-layers must be a number of layers, "max" or "auto", got "${value}".`);
  return Number(value);
}

/**
 * The command's work, with the wait for a stop signal passed in so that tests can run it
 * without sending signals to their own process. Resolves to the exit code.
 */
export async function runWorker(
  values: Values,
  context: CommandContext,
  options: { workerScript: string; stopped: Promise<void> },
): Promise<number> {
  const { stdout, stderr, env } = context;
  const modelPath = text(values, 'model');
  if (modelPath === undefined) throw new UsageError('Name the model to serve with --model FILE.gguf.');
  const port = wholeNumber(values, 'port', 0, 65535) ?? DEFAULT_PORT;
  const parallel = wholeNumber(values, 'parallel', 1, 64) ?? 1;
  const contextSize = wholeNumber(values, 'context', 16, 1_048_576);
  const threads = wholeNumber(values, 'threads', 1, 1024);
  const layers = gpuLayers(values);
  const token = text(values, 'token') ?? (env[TOKEN_ENV] === '' ? undefined : env[TOKEN_ENV]);
  const name = text(values, 'name');
  if (!fs.existsSync(options.workerScript)) {
    stderr.write(`The inference worker is not built (no ${options.workerScript}); run \`npm run build\` first.\n`);
    return 1;
  }
  // A stop asked for while the model loads ends the load: workers ignore a terminal's Ctrl-C.
  const loading = new AbortController();
  void options.stopped.then(() => loading.abort());
  let server;
  try {
    server = await startWorkerServer({
      modelPath,
      workerScript: options.workerScript,
      host: text(values, 'host') ?? '127.0.0.1',
      port,
      parallel,
      ...optionalFields({ token, modelName: name }),
      load: {
        ...optionalFields({ contextSize, threads, gpuLayers: layers }),
      },
      onLog: (line) => stderr.write(`[worker] ${line}\n`),
      signal: loading.signal,
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (loading.signal.aborted) {
      stderr.write(`evalbench worker: stopped while loading ${modelPath}; nothing was served.\n`);
      return 130;
    }
    if (error instanceof WorkerServerError) stderr.write(`evalbench worker: ${error.message}\n`);
    else if (error instanceof ModelFileError)
      stderr.write(`evalbench worker: ${modelPath} cannot be loaded:\n  ${error.problems.join('\n  ')}\n`);
    else if (error instanceof WorkerError)
      stderr.write(
        `evalbench worker: ${modelPath} failed to load: ${error.message}\nCheck --context and --gpu-layers; llama.cpp's last lines:\n  ${error.logs.slice(-5).join('\n  ')}\n`,
      );
    else if (code === 'EADDRINUSE')
      stderr.write(`evalbench worker: port ${port} is already in use; pick another with --port, or --port 0 for any free one.\n`);
    else if (code === 'EADDRNOTAVAIL')
      stderr.write(`evalbench worker: cannot listen on ${text(values, 'host') ?? ''}: this machine has no such address.\n`);
    else throw error;
    return 1;
  }
  const { info } = server;
  stderr.write(
    `[worker] ${info.backend}${info.gpuName === null ? '' : ` (${info.gpuName})`}, ${info.gpuLayers}/${info.layerCount} layers on the GPU, context ${info.contextSize}, ${info.threads} ${info.threads === 1 ? 'thread' : 'threads'}, ${parallel} ${parallel === 1 ? 'copy' : 'copies'} of the model\n`,
  );
  stdout.write(`Evalbench worker serving ${server.modelName} at ${server.url}\n`);
  await options.stopped;
  await server.close();
  stdout.write('Evalbench worker stopped.\n');
  return 0;
}

export const workerCommand: Command = {
  name: 'worker',
  summary: 'Serve one local model over an OpenAI-compatible API, for Evalbench on another machine.',
  usage:
    'evalbench worker --model FILE.gguf [--port N] [--host ADDR] [--token T] [--parallel N] [--context N] [--gpu-layers N|max|auto] [--threads N]',
  options: {
    model: { type: 'string', valueName: 'FILE', description: 'The GGUF model to serve (for a split model, its first part).' },
    port: { type: 'string', valueName: 'N', description: `Port to listen on (default ${DEFAULT_PORT}; 0 picks any free one).` },
    host: { type: 'string', valueName: 'ADDR', description: 'Address to listen on (default 127.0.0.1). Any other address needs a token.' },
    token: {
      type: 'string',
      valueName: 'T',
      description: `Require "Authorization: Bearer T" on every call; default the ${TOKEN_ENV} environment variable (safer: not shown by ps).`,
    },
    parallel: {
      type: 'string',
      valueName: 'N',
      description:
        'Requests served at once (default 1). Each loads its own copy of the model in its own process, so memory grows N times; more requests wait in line.',
    },
    context: { type: 'string', valueName: 'N', description: 'Context size in tokens, prompt and answer together (default 2048).' },
    'gpu-layers': { type: 'string', valueName: 'N|max|auto', description: 'Layers to offload to the GPU (default auto: what fits).' },
    threads: { type: 'string', valueName: 'N', description: 'CPU threads per copy (default: the physical cores).' },
    name: {
      type: 'string',
      valueName: 'NAME',
      description: "The model's name in the API (default the file name without .gguf); clients must ask for it.",
    },
  },
  async run(values, _positionals, context) {
    let resolveStopped = (): void => undefined;
    const stopped = new Promise<void>((resolve) => {
      resolveStopped = resolve;
    });
    // The first signal stops gracefully; the handlers then step aside, so a second one ends the
    // process at once (a model still loading cannot be interrupted any other way).
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      context.stderr.write('[worker] stopping; press Ctrl-C again to quit at once\n');
      resolveStopped();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    try {
      return await runWorker(values, context, { workerScript: context.env.EVALBENCH_WORKER_SCRIPT ?? builtPaths.worker(), stopped });
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
  },
};
