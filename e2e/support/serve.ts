import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface ServedWorkbench {
  /** The address printed by `evalbench serve`, token included. */
  url: string;
  origin: string;
  token: string;
  home: string;
  output: () => string;
  stop: () => Promise<number | null>;
  /** Sends a signal (SIGKILL to crash the host, SIGSTOP/SIGCONT to freeze it) without waiting. */
  signal: (signal: NodeJS.Signals) => void;
  /** Resolves with the exit code (or null after a signal) once the process has ended. */
  exited: Promise<number | null>;
}

const root = path.resolve(import.meta.dirname, '..', '..');

/** Starts a command that prints Evalbench's address and resolves once it has. */
export async function startPrintingUrl(
  command: string[],
  options: { home?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<ServedWorkbench> {
  const home = options.home ?? fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-e2e-'));
  const [file, ...args] = command;
  if (file === undefined) throw new Error('startPrintingUrl needs a command');
  const child: ChildProcessWithoutNullStreams = spawn(file, args, {
    cwd: root,
    env: { ...process.env, EVALBENCH_HOME: home, ...options.env },
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`No address printed within 60 s. Output so far:\n${output}`)), 60_000);
    const check = (): void => {
      const match = /Evalbench is running at (http:\/\/\S+)/.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`Exited with ${String(code)} before printing an address:\n${output}`));
    });
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token') ?? '',
    home,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
    signal: (signal) => {
      child.kill(signal);
    },
    exited,
  };
}

/** `evalbench serve` on a free port, or on `port` (to restart a host where an open tab expects it). */
export function serveWorkbench(home?: string, port = 0): Promise<ServedWorkbench> {
  return startPrintingUrl(
    [process.execPath, 'bin/evalbench.js', 'serve', '--no-open', '--port', String(port)],
    home === undefined ? {} : { home },
  );
}
