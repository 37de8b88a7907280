import type {
  GenerationInput,
  GenerationParams,
  GenerationResult,
  LoadedModelInfo,
  LoadOptions,
  WorkerMemory,
} from '../../../shared/engine';
import { SCORING_CANCELLED } from '../../../shared/loglikelihood';
import type { ChoiceScore } from '../loglikelihood/multipleChoice';
import type { FidelityChunkRequest, FidelityChunkResult, FromWorker, LoadEstimate, ToWorker, WorkerFailure } from './protocol';
import type { WorkerLauncher, WorkerProcess } from './WorkerProcess';

const LOG_LINES_KEPT = 40;
const START_TIMEOUT_MS = 30_000;
/** How long an unload may take before the worker is killed. */
export const UNLOAD_TIMEOUT_MS = 5_000;

/** Signals by which a process ends itself or faults: the same file and settings would end the same way. */
const FAULT_SIGNALS = new Set(['SIGABRT', 'SIGSEGV', 'SIGBUS', 'SIGILL', 'SIGFPE', 'SIGTRAP', 'SIGSYS']);

/** A worker failed a request, or died while it was working on one. `logs` are llama.cpp's last words. */
export class WorkerError extends Error {
  constructor(
    message: string,
    readonly kind: 'failed' | 'crashed',
    readonly logs: string[],
    /** The signal that ended the worker, when one did. */
    readonly signal: string | null = null,
  ) {
    super(message);
    this.name = 'WorkerError';
  }

  /**
   * Whether trying again could go differently: the worker was killed from outside (kill -9, the
   * system's out-of-memory killer, a stop) or never started, rather than refused the request or
   * faulted on it (llama.cpp's abort, a segfault), which the same file would do again.
   */
  get mayPassOnRetry(): boolean {
    return this.kind === 'crashed' && !(this.signal !== null && FAULT_SIGNALS.has(this.signal));
  }
}

type Distribute<T> = T extends unknown ? Omit<T, 'id'> : never;
type Pending = {
  resolve: (message: FromWorker) => void;
  reject: (error: WorkerError) => void;
  onChunk?: (text: string, tokens: number) => void;
};

/** The engine's side of one worker process: request/response over its IPC channel. */
export class WorkerHandle {
  private readonly pending = new Map<number, Pending>();
  private readonly logs: string[] = [];
  private nextId = 1;
  private exit: { code: number | null; signal: string | null } | null = null;
  private readonly exited: Promise<void>;

  private constructor(private readonly process: WorkerProcess) {
    process.onOutput((line) => this.remember(line));
    process.onMessage((message) => this.receive(message));
    this.exited = new Promise((resolve) =>
      process.onExit((code, signal) => {
        this.exit = { code, signal };
        const cause = causeFromLogs(this.logs);
        const error = new WorkerError(
          `The inference worker stopped unexpectedly (${describeExit(code, signal)})${cause === null ? '.' : `: ${cause}`}`,
          'crashed',
          [...this.logs],
          signal,
        );
        for (const pending of this.pending.values()) pending.reject(error);
        this.pending.clear();
        resolve();
      }),
    );
  }

  static async start(launch: WorkerLauncher, script: string): Promise<WorkerHandle> {
    const process = launch(script);
    const handle = new WorkerHandle(process);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        process.kill();
        reject(new WorkerError(`The inference worker did not start within ${START_TIMEOUT_MS / 1000} s.`, 'crashed', [...handle.logs]));
      }, START_TIMEOUT_MS);
      process.onMessage((m) => {
        if (m.type === 'ready') {
          clearTimeout(timer);
          resolve();
        }
      });
      void handle.exited.then(() => {
        clearTimeout(timer);
        reject(
          new WorkerError(
            `The inference worker exited while starting (${describeExit(handle.exit?.code ?? null, handle.exit?.signal ?? null)}).`,
            'crashed',
            [...handle.logs],
            handle.exit?.signal ?? null,
          ),
        );
      });
    });
    return handle;
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  get alive(): boolean {
    return this.exit === null;
  }

  /** llama.cpp's and the worker's recent output, oldest first. */
  recentLogs(): string[] {
    return [...this.logs];
  }

  async load(modelPath: string, options: LoadOptions): Promise<LoadedModelInfo> {
    const reply = await this.request({ type: 'load', modelPath, options });
    if (reply.type !== 'loaded') throw unexpected(reply);
    return reply.info;
  }

  async generate(
    input: GenerationInput,
    params: GenerationParams,
    options: { signal?: AbortSignal; onText?: (text: string, tokens: number) => void; streamIntervalMs?: number } = {},
  ): Promise<GenerationResult> {
    const id = this.nextId;
    const onAbort = (): void => this.process.send({ type: 'cancel', id });
    if (options.signal?.aborted === true) throw abortError();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const reply = await this.request(
        { type: 'generate', input, params, streamIntervalMs: options.streamIntervalMs ?? 16 },
        options.onText,
      );
      if (reply.type !== 'generated') throw unexpected(reply);
      return reply.result;
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** The model's tokens for a text (no BOS added), and its BOS token when the model starts every text with one (else null). */
  async tokenize(text: string): Promise<{ tokens: number[]; bos: number | null }> {
    const reply = await this.request({ type: 'tokenize', text });
    if (reply.type !== 'tokens') throw unexpected(reply);
    return { tokens: reply.tokens, bos: reply.bos };
  }

  async embed(texts: string[]): Promise<number[][]> {
    const reply = await this.request({ type: 'embed', texts });
    if (reply.type !== 'embeddings') throw unexpected(reply);
    return reply.vectors;
  }

  async fidelityChunk(request: FidelityChunkRequest): Promise<FidelityChunkResult> {
    const reply = await this.request({ type: 'fidelityChunk', request });
    if (reply.type !== 'fidelityChunk') throw unexpected(reply);
    return reply.result;
  }

  /**
   * Each choice's summed log-probability after the context (see `scoreChoicesLocal`). `signal`
   * cancels it in the worker between two forward passes; it then rejects with an `AbortError`.
   */
  async scoreChoices(context: string, choices: string[], options: { signal?: AbortSignal } = {}): Promise<ChoiceScore[]> {
    const { signal } = options;
    // A function, not a property read: the signal changes under the await below.
    const cancelled = (): boolean => signal?.aborted === true;
    if (cancelled()) throw abortError('Log-likelihood scoring was cancelled before it started.');
    const id = this.nextId;
    const onAbort = (): void => this.process.send({ type: 'cancel', id });
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const reply = await this.request({ type: 'scoreChoices', context, choices });
      if (reply.type !== 'choiceScores') throw unexpected(reply);
      return reply.scores;
    } catch (error) {
      // The worker's refusal of a cancelled item becomes an AbortError with its message ("… after 3
      // of 4 choices"); any other failure (an item too long for the context) and a crash stay what they are.
      if (cancelled() && error instanceof WorkerError && error.kind === 'failed' && error.message.startsWith(SCORING_CANCELLED))
        throw abortError(error.message);
      throw error;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  async estimate(modelPath: string, options: LoadOptions): Promise<LoadEstimate> {
    const reply = await this.request({ type: 'estimate', modelPath, options });
    if (reply.type !== 'estimated') throw unexpected(reply);
    return reply.estimate;
  }

  async memory(): Promise<WorkerMemory> {
    const reply = await this.request({ type: 'memory' });
    if (reply.type !== 'memory') throw unexpected(reply);
    return reply.memory;
  }

  /** Frees the model and ends the process; kills it if it does not go in time. */
  async dispose(): Promise<void> {
    if (!this.alive) return;
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, UNLOAD_TIMEOUT_MS).unref());
    await Promise.race([this.request({ type: 'unload' }).catch(() => undefined), timeout]);
    this.process.kill();
    await this.exited;
  }

  /** Ends the process at once (a crash test, or an app that is quitting). */
  async kill(): Promise<void> {
    this.process.kill();
    await this.exited;
  }

  private request(message: Distribute<ToWorker>, onChunk?: (text: string, tokens: number) => void): Promise<FromWorker> {
    if (!this.alive)
      return Promise.reject(new WorkerError('The inference worker is no longer running; load the model again.', 'crashed', [...this.logs]));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, onChunk === undefined ? { resolve, reject } : { resolve, reject, onChunk });
      this.process.send({ ...message, id });
    });
  }

  private receive(message: FromWorker): void {
    switch (message.type) {
      case 'ready':
        return;
      case 'log':
        this.remember(message.message);
        return;
      case 'chunk':
        this.pending.get(message.id)?.onChunk?.(message.text, message.tokens);
        return;
      case 'failed': {
        const pending = this.pending.get(message.id);
        this.pending.delete(message.id);
        pending?.reject(new WorkerError(withCause(message.error), 'failed', message.error.logs));
        return;
      }
      case 'loaded':
      case 'generated':
      case 'memory':
      case 'tokens':
      case 'embeddings':
      case 'fidelityChunk':
      case 'choiceScores':
      case 'estimated':
      case 'unloaded': {
        const pending = this.pending.get(message.id);
        this.pending.delete(message.id);
        pending?.resolve(message);
        return;
      }
      default:
        message satisfies never;
    }
  }

  private remember(line: string): void {
    if (line.trim() === '') return;
    if (this.logs.at(-1) === line) return;
    this.logs.push(line);
    if (this.logs.length > LOG_LINES_KEPT) this.logs.shift();
  }
}

function describeExit(code: number | null, signal: string | null): string {
  if (signal === 'SIGABRT') return 'llama.cpp aborted (SIGABRT)';
  if (signal === 'SIGKILL') return 'killed (SIGKILL), perhaps by the system running out of memory';
  if (signal !== null) return `signal ${signal}`;
  return `exit code ${String(code)}`;
}

/** "Failed to load model" says nothing; the useful line is in llama.cpp's log. */
export function withCause(failure: WorkerFailure): string {
  const cause = causeFromLogs(failure.logs);
  return cause !== null && !failure.message.includes(cause) ? `${failure.message}: ${cause}` : failure.message;
}

/** llama.cpp's own reason, e.g. "missing tensor 'blk.1.ffn_up.weight'", from its log lines. */
export function causeFromLogs(logs: readonly string[]): string | null {
  for (const line of logs) {
    const match = /error loading model:\s*(.+)$/i.exec(line);
    if (match?.[1] !== undefined) return match[1].trim();
  }
  const generic = /failed to load model|falling back|^\s*$/i;
  const telling = [...logs]
    .reverse()
    .find((l) => /error|missing|invalid|not within|cannot|unable|GGML_ASSERT/i.test(l) && !generic.test(l));
  return telling === undefined ? null : telling.replace(/^[\w:.]+:\s*/, '').trim();
}

function unexpected(reply: FromWorker): WorkerError {
  return new WorkerError(`The inference worker answered with an unexpected "${reply.type}" message.`, 'failed', []);
}

function abortError(message = 'The generation was cancelled before it started.'): Error {
  const error = new Error(message);
  error.name = 'AbortError';
  return error;
}
