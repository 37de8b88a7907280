import type { LlamaContext, LlamaModel, Token } from 'node-llama-cpp';
import type { ContextGate } from './ContextGate';
import { openDecodeLoopAddon, type DecodeLoopAddon, type LaneTokens, type LlamaCppCounters, type StreamedTokens } from './decodeLoopAddon';

/** A generated token and when it was sampled (performance.now() of this process). */
export interface TimedToken {
  token: Token;
  at: number;
}

/**
 * A call into the native loop hands a case's first token over at once and later ones every
 * STREAM_MS while it goes on generating, so one call can make a whole case: every return and new
 * call costs more than a token, because the decodes after it run slower (Q4_0, 128 tokens: 16 ms
 * calls made 0.93 of llama.cpp's own decode rate, one call 0.98). What must not wait for a call
 * does not: a case joining or leaving, a cancellation and node-llama-cpp wanting the context ask
 * it back through the control flag, and a case that ends returns it when others are on it. CALL_MS
 * bounds a call all the same.
 */
const STREAM_MS = 16;
const CALL_MS = 1000;

/** How long an idle loop waits for more cases to join its first call while sequences are free. */
const JOIN_WAIT_MS = 2;

/** One case's generation on one sequence. */
interface Lane {
  sequence: number;
  /** Tokens to decode in the next call: the prompt, then the last sampled token. */
  input: Int32Array;
  /** The position of `input[0]`. */
  position: number;
  remaining: number;
  stopTokens: Int32Array;
  signal: AbortSignal;
  /** The sequence has not been emptied for this lane yet. */
  fresh: boolean;
  /** The sequence was emptied after the lane ended: nothing of it is left in the context. */
  emptied: boolean;
  queue: TimedToken[];
  /** No more tokens will come (end of generation, a stop token, the limit, or an error). */
  ended: boolean;
  error: Error | null;
  /** Tokens of the call under way already taken from its stream. */
  streamed: number;
  /** The consumer has gone: the driver empties the sequence and drops the lane. */
  closed: boolean;
  /** Resolved once the driver has emptied the lane's sequence after the consumer left. */
  cleared: { promise: Promise<void>; resolve: () => void };
  wake: (() => void) | null;
}

/**
 * Greedy generation in native calls that each decode many tokens, for every case under way at
 * once (one batch per step), instead of node-llama-cpp's two async native calls per token
 * (bench/native-step.md). It decodes on node-llama-cpp's own context, so the gate keeps it and
 * node-llama-cpp's own decoding (sampled cases, log-likelihoods, fidelity) apart.
 */
export class NativeDecodeLoop {
  private disposed = false;
  /** Set when the driver failed: later cases are refused. */
  private broken: Error | null = null;
  private readonly lanes = new Set<Lane>();
  private driving: Promise<void> | null = null;
  /** Numbers the calls, so that a chunk streamed by a call that has returned is told apart. */
  private callsMade = 0;

  constructor(
    private readonly addon: DecodeLoopAddon,
    /** The addon's control flag: `[0] = 1` asks the call under way to return after its step. */
    private readonly control: Int32Array,
    private readonly model: Pick<LlamaModel, 'isEogToken'>,
    private readonly gate: ContextGate,
    /** The context's sequences: cases that can run at once. */
    private readonly sequences: number,
  ) {
    // node-llama-cpp's own decoding (a sampled or scoring case) need not wait out a whole chunk.
    gate.onWaiting((user) => {
      if (user === 'node-llama-cpp') this.interrupt();
    });
  }

  /**
   * The native loop for a loaded context (which also gets a thread pool of its own), or why there
   * is none (then node-llama-cpp's loop is used). Opened only after node-llama-cpp has loaded its
   * library, so the addon binds to that one.
   */
  static open(
    model: LlamaModel,
    context: LlamaContext,
    llamaCppRelease: string,
    gate: ContextGate,
  ): { loop: NativeDecodeLoop | null; note: string } {
    const control = new Int32Array(1);
    const opened = openDecodeLoopAddon(model, context, llamaCppRelease, control);
    if ('note' in opened) return { loop: null, note: opened.note };
    return { loop: new NativeDecodeLoop(opened.addon, control, model, gate, context.totalSequences), note: 'native' };
  }

  /**
   * Decodes `prompt` on sequence `sequence` (which node-llama-cpp holds empty) and yields greedily
   * sampled tokens, as node-llama-cpp's `evaluate` at temperature 0 does: end-of-generation
   * tokens end it and are not yielded. When the caller stops, the sequence is emptied again before
   * this returns, so node-llama-cpp's own record of it (empty) stays true.
   */
  async *generate(
    sequence: number,
    prompt: readonly Token[],
    options: {
      maxTokens: number;
      signal: AbortSignal;
      /** Tokens after which the caller stops (a chat template's one-token end of turn): the loop ends the lane at them. */
      stopTokens?: readonly Token[];
    },
  ): AsyncGenerator<TimedToken, void, undefined> {
    if (this.disposed) throw new Error('The native decode loop was disposed.');
    if (this.broken !== null) throw new Error(`The native decode loop failed earlier (${this.broken.message}); load the model again.`);
    if (prompt.length === 0) throw new Error('There is no prompt to generate from.');
    const lane: Lane = {
      sequence,
      input: Int32Array.from(prompt),
      position: 0,
      remaining: options.maxTokens,
      stopTokens: Int32Array.from(options.stopTokens ?? []),
      signal: options.signal,
      fresh: true,
      emptied: false,
      queue: [],
      ended: false,
      error: null,
      streamed: 0,
      closed: false,
      cleared: settled(),
      wake: null,
    };
    const wakeOnAbort = (): void => {
      this.interrupt();
      lane.wake?.();
    };
    options.signal.addEventListener('abort', wakeOnAbort);
    this.lanes.add(lane);
    this.drive();
    try {
      for (;;) {
        const next = lane.queue.shift();
        if (next !== undefined) {
          yield next;
          continue;
        }
        if (lane.error !== null) throw lane.error;
        if (lane.ended || options.signal.aborted) return;
        await new Promise<void>((resolve) => (lane.wake = resolve));
        lane.wake = null;
      }
    } finally {
      options.signal.removeEventListener('abort', wakeOnAbort);
      lane.closed = true;
      // A lane whose call has returned had its sequence emptied at once: the call under way need
      // not come back early just to drop it. (One ended by a streamed token asks its own call
      // back, which returns there anyway.)
      if (!lane.emptied || this.driving === null) this.drive();
      await lane.cleared.promise;
    }
  }

  /**
   * llama.cpp's own counters of the context, then zeroed when `reset`; null once the loop is
   * disposed (an unload ends the case under way, which then has no figures to read). They are
   * context-wide: read them only where one case has the context to itself, between its generations.
   */
  counters(reset: boolean): LlamaCppCounters | null {
    return this.disposed ? null : this.addon.counters(reset);
  }

  /**
   * Stops the loop once its call under way returns (after its current step), ends the cases still on it
   * (an unload aborts them first, so they end as cancelled) and frees the addon: before the
   * context is disposed.
   */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.interrupt();
    await this.driving;
    // The thread pool goes with the addon: node-llama-cpp's own decoding (a sampled or scoring
    // case an unload has just aborted) may still be computing on it, so wait for the context.
    const leave = await this.gate.enter('native');
    for (const lane of this.lanes) {
      if (!lane.ended && !lane.signal.aborted) lane.error = new Error('The model was unloaded while this case was generating.');
      lane.ended = true;
      lane.cleared.resolve();
      lane.wake?.();
    }
    this.lanes.clear();
    try {
      this.addon.dispose();
    } finally {
      leave();
    }
  }

  private isDisposed(): boolean {
    return this.disposed;
  }

  /** Asks the native call under way, if any, to return after its current step. */
  private interrupt(): void {
    this.control[0] = 1;
  }

  /** Runs the driver, or (a lane joined or left while it runs) asks its call under way back. */
  private drive(): void {
    if (this.disposed) return;
    if (this.driving !== null) {
      this.interrupt();
      return;
    }
    // Cases asked for together (throughput mode's sequences) reach the worker as separate messages:
    // while sequences are free, the first call waits a moment for them, so that they decode their
    // prompts together and then run in step.
    const free = this.sequences - [...this.lanes].filter(wants).length;
    const joined = new Promise<void>((resolve) => (free > 0 ? setTimeout(resolve, JOIN_WAIT_MS) : setImmediate(resolve)));
    this.driving = joined
      .then(() => this.driveLanes())
      .catch((error: unknown) => this.failLanes(error))
      .finally(() => {
        this.driving = null;
        // A lane that arrived or closed while the last call was finishing.
        if ([...this.lanes].some(needsDriver)) this.drive();
      });
  }

  /**
   * Calls into the native loop while any lane wants tokens. Between calls, empties the sequences
   * of lanes that start, ended (at once, so a finished case frees its sequence for the next one
   * without waiting for the others' next chunk) or were left by their consumer, and drops the left.
   * Tokens streamed while a call runs reach their consumers at once; the rest of a call's tokens
   * only once the next call is under way, so their JavaScript (detokenizing, stop strings,
   * streaming) runs beside the decoding, not between calls.
   */
  private async driveLanes(): Promise<void> {
    let toWake: Lane[] = [];
    const wakeDelivered = (): void => {
      for (const lane of toWake) lane.wake?.();
      toWake = [];
    };
    try {
      for (;;) {
        if (this.disposed || ![...this.lanes].some(needsDriver)) return;
        const leave = await this.gate.enter('native');
        // A method, not a property read: an unload may have begun while the gate made this wait.
        if (this.isDisposed()) {
          leave();
          return;
        }
        let work: Lane[];
        let results: LaneTokens[];
        const calledAt = performance.now();
        try {
          for (const lane of this.lanes) {
            if (lane.fresh) {
              this.addon.clear(lane.sequence);
              lane.fresh = false;
            }
            if ((lane.closed || lane.ended) && !lane.emptied) {
              this.addon.clear(lane.sequence);
              lane.emptied = true;
              lane.cleared.resolve();
            }
            if (lane.closed) this.lanes.delete(lane);
          }
          // In sequence-id order: llama.cpp computes a batch whose sequences are out of order in
          // parts (a step of 4 cases ran 40 % slower when they had arrived as 3, 2, 1, 0).
          work = [...this.lanes].filter(wants).sort((a, b) => a.sequence - b.sequence);
          if (work.length === 0) {
            wakeDelivered();
            continue;
          }
          try {
            // Whatever asked for the last call back is handled in this round: a later request is for this call.
            this.control[0] = 0;
            const callId = ++this.callsMade;
            const lanes = work;
            for (const lane of lanes) lane.streamed = 0;
            const call = this.addon.run(
              lanes.map((l) => ({
                sequence: l.sequence,
                position: l.position,
                input: l.input,
                maxTokens: l.remaining,
                stopTokens: l.stopTokens,
              })),
              CALL_MS,
              (chunks) => {
                if (callId !== this.callsMade) return;
                // An exception here would reach no one (Node only warns of one out of a native
                // stream's callback): the call's cases end with it instead.
                try {
                  this.stream(lanes, chunks, calledAt);
                } catch (error) {
                  endWithError(lanes, error);
                  this.interrupt();
                }
              },
              STREAM_MS,
            );
            wakeDelivered();
            results = await call;
          } catch (error) {
            // A refused or failed call ends its cases with the error; their sequences are emptied next time round.
            wakeDelivered();
            endWithError(work, error);
            continue;
          }
        } finally {
          // Chunks that come after the result carry nothing new: it has every token of the call.
          this.callsMade++;
          leave();
        }
        work.forEach((lane, i) => this.deliver(lane, results[i], calledAt));
        toWake = work;
      }
    } finally {
      wakeDelivered();
    }
  }

  /**
   * The driver itself failed (emptying a sequence threw): ends every case on the loop with the
   * error, empties what it can, and refuses later cases, whose sequences could no longer be
   * trusted to be empty (load the model again).
   */
  private failLanes(error: unknown): void {
    const failure = error instanceof Error ? error : new Error(String(error));
    this.broken = failure;
    for (const lane of this.lanes) {
      lane.error = failure;
      lane.ended = true;
      try {
        this.addon.clear(lane.sequence);
        lane.emptied = true;
      } catch {
        // Already failing with `failure`; the loop refuses further cases.
      }
      lane.cleared.resolve();
      lane.wake?.();
    }
  }

  /** Hands streamed tokens to the lanes' consumers at once. */
  private stream(lanes: Lane[], chunks: StreamedTokens[], calledAt: number): void {
    lanes.forEach((lane, i) => {
      const chunk = chunks[i];
      // Nothing new, or a gap before it (a chunk went missing): the call's result has them all.
      if (chunk === undefined || chunk.from + chunk.tokens.length <= lane.streamed || chunk.from > lane.streamed) return;
      this.take(lane, chunk, calledAt);
      lane.wake?.();
    });
  }

  /** Queues a call's tokens for the lane's consumer and moves the lane on (the driver wakes the consumer). */
  private deliver(lane: Lane, result: LaneTokens | undefined, calledAt: number): void {
    const tokens = result?.tokens ?? new Int32Array(0);
    if (tokens.length === 0) {
      lane.error = new Error('The native decode loop returned no token for a case.');
      lane.ended = true;
    }
    lane.position += lane.input.length + tokens.length - 1;
    if (result !== undefined) this.take(lane, { from: 0, ...result }, calledAt);
    lane.input = tokens.subarray(tokens.length - 1);
  }

  /**
   * Queues the tokens of `chunk` that the lane has not had yet from the call under way, counting
   * each as taken as it goes (were one to fail, it would not come again with the result).
   */
  private take(lane: Lane, chunk: StreamedTokens, calledAt: number): void {
    for (let i = Math.max(lane.streamed - chunk.from, 0); i < chunk.tokens.length; i++) {
      lane.streamed = chunk.from + i + 1;
      if (lane.ended) continue;
      const token = chunk.tokens[i] as Token;
      if (this.model.isEogToken(token)) {
        lane.ended = true;
        continue;
      }
      lane.queue.push({ token, at: calledAt + (chunk.elapsedMs[i] ?? 0) });
      lane.remaining--;
      if (lane.stopTokens.includes(token) || lane.remaining <= 0) lane.ended = true;
    }
  }
}

/** Ends the cases of a call that failed, or whose stream could not be taken, with the (first) error. */
function endWithError(lanes: readonly Lane[], error: unknown): void {
  for (const lane of lanes) {
    lane.error ??= error instanceof Error ? error : new Error(String(error));
    lane.ended = true;
    lane.wake?.();
  }
}

function settled(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** node-llama-cpp's id for a sequence (llama.cpp's seq_id), which its public API does not expose. */
export function sequenceIdOf(sequence: object): number | null {
  const id = (sequence as { _sequenceId?: unknown })._sequenceId;
  return typeof id === 'number' && Number.isInteger(id) && id >= 0 ? id : null;
}

/** Whether the driver has something to do for the lane: tokens to make, or its sequence to empty or drop. */
function needsDriver(lane: Lane): boolean {
  return lane.closed || lane.fresh || (lane.ended && !lane.emptied) || wants(lane);
}

function wants(lane: Lane): boolean {
  return !lane.closed && !lane.ended && lane.remaining > 0 && !lane.signal.aborted;
}
