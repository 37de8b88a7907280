import type { BatchItem, LlamaContextSequence, PrioritizedBatchItem, Token } from 'node-llama-cpp';

type Strategy = (options: { items: readonly BatchItem[]; size: number }) => PrioritizedBatchItem[];

/**
 * The parts of node-llama-cpp 3.22's LlamaContextSequence that `clearHistory` changes when it
 * clears a whole sequence (dist/evaluator/LlamaContext/LlamaContext.js, `_eraseContextTokenRanges`:
 * a range starting at 0 always takes its "drop the sequence" path).
 */
interface SequenceInternals {
  _sequenceId: number;
  _contextTokens: Token[];
  _nextTokenIndex: number;
  _loadedTokenPredictions: unknown[];
  tokenPredictor: unknown;
  _checkpoints: { pruneFromEndToIndex(minMaxPos: number): void };
  _context: { _ctx: { disposeSequence(sequenceId: number): void } };
}

/** The same fields as they may turn out to be in another node-llama-cpp version. */
interface MaybeInternals {
  _sequenceId?: unknown;
  _contextTokens?: unknown;
  _nextTokenIndex?: unknown;
  _loadedTokenPredictions?: unknown;
  tokenPredictor?: unknown;
  _checkpoints?: { pruneFromEndToIndex?: unknown };
  _context?: { _ctx?: { disposeSequence?: unknown } };
}

function internals(sequence: LlamaContextSequence): SequenceInternals | null {
  const s = sequence as unknown as MaybeInternals;
  const usable =
    typeof s._sequenceId === 'number' &&
    Array.isArray(s._contextTokens) &&
    typeof s._nextTokenIndex === 'number' &&
    Array.isArray(s._loadedTokenPredictions) &&
    s._loadedTokenPredictions.length === 0 &&
    s.tokenPredictor === undefined &&
    typeof s._checkpoints?.pruneFromEndToIndex === 'function' &&
    typeof s._context?._ctx?.disposeSequence === 'function';
  return usable ? (sequence as unknown as SequenceInternals) : null;
}

/**
 * Clears a sequence's history at the start of a case without waiting for the other sequences.
 *
 * `sequence.clearHistory()` takes the context-wide lock, and node-llama-cpp's batch dispatcher
 * holds that lock for as long as any sequence has a decode queued: in throughput mode a slot that
 * finished its case waited until every other slot had finished too. The dispatcher calls the
 * batching strategy between batches, when no decode or sampling is running for this context, so
 * resets queued while it runs are done there, by the same steps `clearHistory` takes. A reset
 * queued when the dispatcher is idle (or just ending) is done once the context lock is free.
 */
export class SequenceResets {
  private readonly pending = new Map<LlamaContextSequence, { resolve: () => void; reject: (error: unknown) => void }>();

  /** The batching strategy to give the context: runs queued resets, then batches as `strategy` does. */
  wrap(strategy: Strategy): Strategy {
    return (options) => {
      this.runPending();
      return strategy(options);
    };
  }

  /** Empties `sequence` for a new case; resolves once it is empty. */
  async reset(sequence: LlamaContextSequence): Promise<void> {
    if (sequence.nextTokenIndex === 0) return;
    if (internals(sequence) === null) return sequence.clearHistory();
    const done = new Promise<void>((resolve, reject) => this.pending.set(sequence, { resolve, reject }));
    // An empty erase does nothing but wait for the context lock: once the dispatcher holding it
    // lets go, no decode can start without calling the strategy, which runs the resets first. So
    // a reset the strategy did not get to yet is safe to do then. Not awaited: the strategy
    // usually gets there first, long before the lock is free.
    sequence.eraseContextTokenRanges([]).then(
      () => this.runPending(),
      (error: unknown) => {
        this.pending.get(sequence)?.reject(error);
        this.pending.delete(sequence);
      },
    );
    return done;
  }

  private runPending(): void {
    for (const [sequence, { resolve }] of this.pending) {
      this.pending.delete(sequence);
      const s = internals(sequence);
      if (s !== null && !sequence.disposed) {
        s._contextTokens = [];
        s._nextTokenIndex = 0;
        s._checkpoints.pruneFromEndToIndex(-1);
        s._context._ctx.disposeSequence(s._sequenceId);
      }
      resolve();
    }
  }
}
