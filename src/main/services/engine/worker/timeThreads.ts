import type { LlamaContextSequence, LlamaModel, Token } from 'node-llama-cpp';
import { openDecodeLoopAddon } from './decodeLoopAddon';
import type { ThreadTimer } from './threadProbe';

/** At most this many tokens, or this long, per timed generation: enough to see the rate, short enough to load quickly. */
const PROBE_TOKENS = 32;
const PROBE_MS = 300;
const PROBE_CONTEXT = 256;

/** A fixed completion prompt, BOS first when the model wants one: the probe times decoding, not this text. */
export function probePrompt(model: LlamaModel): Token[] {
  const bos = model.tokens.bos;
  return [...(model.tokens.shouldPrependBosToken && bos !== null ? [bos] : []), ...model.tokenize('Once upon a time')];
}

/**
 * Greedy-generates from `prompt` on `sequence`, end-of-generation tokens included, and returns the generated tokens/s after the first
 * token (the rate the run's figures report), or null under two tokens. The sequence is left empty.
 */
export async function timeShortGeneration(
  sequence: LlamaContextSequence,
  prompt: readonly Token[],
  contextSize: number,
): Promise<number | null> {
  const maxTokens = Math.max(2, Math.min(PROBE_TOKENS, contextSize - prompt.length - 1));
  await sequence.clearHistory();
  let first: number | null = null;
  let last = 0;
  let count = 0;
  // Past an end-of-generation token too: the probe times decoding, and a model that answers the
  // probe prompt with EOS at once (the skilled fixture does) must still be timed.
  const iterator = sequence.evaluate([...prompt], { temperature: 0, yieldEogToken: true });
  try {
    for await (const _token of iterator) {
      const now = performance.now();
      first ??= now;
      last = now;
      count += 1;
      if (count >= maxTokens || now - first >= PROBE_MS) break;
    }
  } finally {
    await iterator.return();
  }
  await sequence.clearHistory();
  return first !== null && count >= 2 && last > first ? (count - 1) / ((last - first) / 1000) : null;
}

/**
 * Times each thread count on a small context of its own, disposed before the next one is made, so
 * no probe's threads outlive it into the run's context. Each gets the thread pool the run's context
 * will have (where the native addon is built): without one, every token starts and joins its
 * threads, and more than one thread looks far slower than it will be.
 */
export function contextThreadTimer(
  model: LlamaModel,
  options: { contextSize: number; flashAttention: boolean | 'auto' },
  llamaCppRelease: string,
): ThreadTimer {
  const prompt = probePrompt(model);
  const contextSize = Math.min(options.contextSize, PROBE_CONTEXT);
  return {
    async time(threads) {
      const context = await model.createContext({ contextSize, threads, sequences: 1, flashAttention: options.flashAttention });
      const pool = openDecodeLoopAddon(model, context, llamaCppRelease);
      try {
        return await timeShortGeneration(context.getSequence(), prompt, contextSize);
      } finally {
        if ('addon' in pool) pool.addon.dispose();
        await context.dispose();
      }
    },
  };
}
