import { utilityProcess } from 'electron';
import { forwardLines } from './services/engine/forwardLines';
import type { FromWorker } from './services/engine/protocol';
import type { WorkerLauncher } from './services/engine/WorkerProcess';

/** Desktop launcher: Electron's utility process, which survives a worker's native crash. */
export const utilityWorker: WorkerLauncher = (script) => {
  const child = utilityProcess.fork(script, [], { stdio: 'pipe', serviceName: 'Evalbench inference worker' });
  const outputListeners: ((line: string) => void)[] = [];
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  const emit = (line: string): void => {
    for (const listener of outputListeners) listener(line);
  };
  forwardLines(child.stdout, emit);
  forwardLines(child.stderr, emit);
  return {
    get pid() {
      return child.pid;
    },
    send: (message) => {
      if (!exited) child.postMessage(message);
    },
    onMessage: (listener) => child.on('message', (message: unknown) => listener(message as FromWorker)),
    // Electron reports only a code; a native abort shows up as a non-zero one.
    onExit: (listener) => child.once('exit', (code) => listener(code, null)),
    onOutput: (listener) => outputListeners.push(listener),
    kill: () => {
      if (!exited) child.kill();
    },
  };
};
