import { fork } from 'node:child_process';
import { forwardLines } from './forwardLines';
import type { FromWorker, ToWorker } from './protocol';

/** One inference worker process, whichever API started it. */
export interface WorkerProcess {
  readonly pid: number | undefined;
  send(message: ToWorker): void;
  onMessage(listener: (message: FromWorker) => void): void;
  /** Exactly once, however the process ended. */
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  /** Lines the process wrote to stdout or stderr (llama.cpp's assertions land there). */
  onOutput(listener: (line: string) => void): void;
  kill(): void;
}

/** Starts a worker from its script: `forkWorker` headless, a utility process in Electron. */
export type WorkerLauncher = (script: string) => WorkerProcess;

/** Headless launcher: a plain Node child process with an IPC channel. */
export const forkWorker: WorkerLauncher = (script) => forkWorkerWithEnv({})(script);

/** The headless launcher with environment variables added for the worker (tests and benches compare settings that way). */
export function forkWorkerWithEnv(extra: Readonly<Record<string, string>>): WorkerLauncher {
  return (script) => startForked(script, extra);
}

function startForked(script: string, extra: Readonly<Record<string, string>>): WorkerProcess {
  const child = fork(script, [], {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    serialization: 'advanced',
    execArgv: [],
    env: { ...process.env, NODE_OPTIONS: '', ...extra },
  });
  const outputListeners: ((line: string) => void)[] = [];
  const emit = (line: string): void => {
    for (const listener of outputListeners) listener(line);
  };
  forwardLines(child.stdout, emit);
  forwardLines(child.stderr, emit);
  return {
    pid: child.pid,
    send: (message) => {
      if (child.connected) child.send(message);
    },
    onMessage: (listener) => child.on('message', (m) => listener(m as FromWorker)),
    onExit: (listener) => child.once('exit', listener),
    onOutput: (listener) => outputListeners.push(listener),
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
