import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import type { ScorerSpec } from '../../../../shared/testset/ScorerSpec';
import { builtPaths } from '../../appPaths';
import type { ScoringInput, Verdict } from '../scorerVerdict';
import type { SandboxReply, SandboxRequest } from './sandboxProtocol';
import { overrunMessage } from './overrunMessage';
import { SANDBOX_LIMITS, type SandboxLimits } from './sandboxLimits';

export { SANDBOX_LIMITS, type SandboxLimits } from './sandboxLimits';

/** How long a fresh sandbox process may take to start before its jobs fail. */
const START_LIMIT_MS = 15_000;

interface Job {
  request: SandboxRequest;
  resolve: (verdict: Verdict) => void;
  reject: (error: Error) => void;
}

interface Running {
  job: Job;
  timer: NodeJS.Timeout;
}

interface Sandbox {
  child: ChildProcess;
  ready: boolean;
  /** The end of what it wrote to stderr: V8's out-of-memory report lands there. */
  stderr: string;
  startTimer: NodeJS.Timeout;
}

let shared: ScoringSandbox | undefined;

/**
 * Runs the scorers that execute a test set's own code or regular expressions in a child process,
 * never on the host's event loop: one warm process takes one scorer at a time, and a scorer that
 * overruns the time limit (a loop, a backtracking regex) or the heap limit is a clean error on
 * its case; the process is then killed and a fresh one serves the next scorer. A process, not a
 * worker thread: V8 builtins such as `Array.prototype.fill` allocate without ever returning to
 * JavaScript, and their out-of-memory abort takes down every thread of the process, so only a
 * process of its own contains them. The process gets no environment (API keys stay out of reach).
 */
export class ScoringSandbox {
  private sandbox: Sandbox | null = null;
  private running: Running | null = null;
  private readonly queue: Job[] = [];
  private nextId = 1;
  /** Sandbox processes started so far, the first included (tests read it). */
  starts = 0;

  constructor(
    private readonly script: string,
    readonly limits: SandboxLimits = SANDBOX_LIMITS,
  ) {}

  /** The one sandbox of this process, started on first use from the built script. */
  static shared(): ScoringSandbox {
    shared ??= new ScoringSandbox(builtPaths.scorerSandbox());
    return shared;
  }

  /** One scorer on one output; rejects with the reason when it cannot give a verdict. */
  verdict(spec: ScorerSpec, input: ScoringInput): Promise<Verdict> {
    return new Promise<Verdict>((resolve, reject) => {
      this.queue.push({ request: { id: this.nextId++, spec, input }, resolve, reject });
      this.pump();
    });
  }

  /** Stops the process; scorers still waiting fail. The next `verdict` starts a fresh one. */
  stop(): void {
    const waiting = [...(this.running === null ? [] : [this.running.job]), ...this.queue.splice(0)];
    if (this.running !== null) clearTimeout(this.running.timer);
    this.running = null;
    this.kill();
    for (const job of waiting) job.reject(new Error('the scoring sandbox was stopped before this scorer ran'));
  }

  private pump(): void {
    if (this.running !== null) return;
    const job = this.queue[0];
    if (job === undefined) {
      this.idle(true);
      return;
    }
    const sandbox = this.sandbox ?? this.start();
    if (sandbox === null || !sandbox.ready) return;
    this.queue.shift();
    this.idle(false);
    const timer = setTimeout(() => {
      // Killed first, so that the next scorer goes to a fresh process.
      this.kill();
      this.finish(job.request.id, new Error(overrunMessage(job.request.spec, this.limits)));
    }, this.limits.timeMs);
    this.running = { job, timer };
    sandbox.child.send(job.request);
  }

  private start(): Sandbox | null {
    if (!fs.existsSync(this.script)) {
      const error = new Error(
        `the scoring sandbox is not built (${this.script} is missing), so scorers that run a test set's code cannot run; build the app with \`npm run build\``,
      );
      for (const job of this.queue.splice(0)) job.reject(error);
      return null;
    }
    this.starts += 1;
    const child = fork(this.script, [], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
      execArgv: [`--max-old-space-size=${this.limits.memoryMb}`],
      // Under Electron, process.execPath is the app: run it as plain Node.
      env: { ELECTRON_RUN_AS_NODE: '1' },
    });
    const startTimer = setTimeout(() => {
      this.failAll(new Error(`the scoring sandbox did not start within ${START_LIMIT_MS / 1000} s`));
      this.kill();
    }, START_LIMIT_MS);
    const sandbox: Sandbox = { child, ready: false, stderr: '', startTimer };
    this.sandbox = sandbox;
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      sandbox.stderr = (sandbox.stderr + chunk).slice(-4000);
    });
    child.on('error', (error) => {
      this.lost(sandbox, `the scoring sandbox failed: ${error.message}`);
    });
    child.on('message', (message: SandboxReply) => {
      if (message.type === 'ready') {
        sandbox.ready = true;
        clearTimeout(startTimer);
        this.pump();
      } else if (message.type === 'verdict') this.finish(message.id, message.verdict);
      else this.finish(message.id, new Error(message.message));
    });
    child.on('exit', (code, signal) => {
      const outOfMemory = /heap out of memory|Allocation failed/i.test(sandbox.stderr);
      const reason = outOfMemory
        ? `the scorer ran out of memory (the limit is ${this.limits.memoryMb} MB) and was stopped`
        : `the scoring sandbox stopped while running this scorer (${signal ?? `exit code ${String(code)}`})`;
      this.lost(sandbox, reason);
    });
    return sandbox;
  }

  /** The process ended or failed: the scorer it was running gets `reason`, the rest a fresh process. */
  private lost(sandbox: Sandbox, reason: string): void {
    clearTimeout(sandbox.startTimer);
    if (this.sandbox !== sandbox) return;
    this.sandbox = null;
    if (!sandbox.ready) {
      this.failAll(
        new Error(
          `${reason.replace('while running this scorer', 'as it started')}${sandbox.stderr === '' ? '' : `: ${sandbox.stderr.trim().split('\n').slice(-3).join(' ')}`}`,
        ),
      );
      return;
    }
    if (this.running !== null) this.finish(this.running.job.request.id, new Error(reason));
    this.pump();
  }

  private finish(id: number, outcome: Verdict | Error): void {
    const running = this.running;
    if (running?.job.request.id !== id) return;
    clearTimeout(running.timer);
    this.running = null;
    if (outcome instanceof Error) running.job.reject(outcome);
    else running.job.resolve(outcome);
    this.pump();
  }

  private failAll(error: Error): void {
    const waiting = [...(this.running === null ? [] : [this.running.job]), ...this.queue.splice(0)];
    if (this.running !== null) clearTimeout(this.running.timer);
    this.running = null;
    for (const job of waiting) job.reject(error);
  }

  private kill(): void {
    const sandbox = this.sandbox;
    this.sandbox = null;
    if (sandbox === null) return;
    clearTimeout(sandbox.startTimer);
    sandbox.child.kill('SIGKILL');
  }

  /** An idle sandbox does not keep the host process alive; a busy one does. */
  private idle(idle: boolean): void {
    const child = this.sandbox?.child;
    if (child === undefined) return;
    const stderr = child.stderr as (NodeJS.ReadableStream & { ref?: () => void; unref?: () => void }) | null;
    if (idle) {
      child.unref();
      child.channel?.unref();
      stderr?.unref?.();
    } else {
      child.ref();
      child.channel?.ref();
      stderr?.ref?.();
    }
  }
}
