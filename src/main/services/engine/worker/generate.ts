import type { LlamaContextSequence, Token } from 'node-llama-cpp';
import type { GenerationInput, GenerationParams, GenerationResult, StopReason } from '../../../../shared/engine';
import type { ModelRuntime } from './ModelRuntime';
import { StopMatcher } from './StopMatcher';

export interface GenerateOptions {
  signal: AbortSignal;
  /** Streamed text, coalesced to at most one call per `streamIntervalMs`. */
  onText: (text: string, tokens: number) => void;
  streamIntervalMs: number;
}

/**
 * Runs one case on a fresh context: evaluates the prompt, samples until a stop condition, and
 * measures time to first token and both token rates where they happen, in this process.
 */
export async function generate(runtime: ModelRuntime, input: GenerationInput, params: GenerationParams, options: GenerateOptions): Promise<GenerationResult> {
  const sequence = await runtime.acquire();
  try {
    return await generateOn(runtime, sequence, input, params, options);
  } finally {
    runtime.release(sequence);
  }
}

async function generateOn(
  runtime: ModelRuntime,
  sequence: LlamaContextSequence,
  input: GenerationInput,
  params: GenerationParams,
  options: GenerateOptions,
): Promise<GenerationResult> {
  const { model } = runtime;
  await sequence.clearHistory();
  const { tokens: prompt, stopTriggers } = runtime.promptTokens(input);
  // node-llama-cpp gives every sequence the whole context size (it allocates size × sequences).
  const room = runtime.context.contextSize - prompt.length;
  if (room <= 0) {
    throw new Error(`The prompt is ${prompt.length} tokens but the context holds ${runtime.context.contextSize}; load the model with a larger context size.`);
  }
  const maxTokens = Math.min(params.maxTokens, room);
  const stops = new StopMatcher(params.stop);
  const generated: Token[] = [];
  let text = '';
  let streamed = 0;
  let lastFlush = 0;
  let stopReason: StopReason | null = null;
  let firstTokenAt: number | null = null;
  let lastTokenAt: number | null = null;

  const flush = (final: boolean): void => {
    const safeEnd = final ? text.length : text.length - stops.heldBack(text);
    // A multi-byte character split across tokens detokenizes to U+FFFD until its last byte arrives.
    const end = !final && text.endsWith('\uFFFD') ? Math.min(safeEnd, text.length - 1) : safeEnd;
    if (end > streamed) {
      options.onText(text.slice(streamed, end), generated.length);
      streamed = end;
    }
  };

  const started = performance.now();
  const iterator = sequence.evaluate(prompt, runtime.samplingOptions(params, sequence));
  try {
    for await (const token of iterator) {
      const now = performance.now();
      firstTokenAt ??= now;
      lastTokenAt = now;
      generated.push(token);
      if (endsWithTrigger(generated, stopTriggers)) {
        stopReason = 'eos';
        break;
      }
      const before = text.length;
      text = model.detokenize(generated);
      const at = stops.firstStop(text, before);
      if (at !== -1) {
        text = text.slice(0, at);
        stopReason = 'stop_sequence';
        break;
      }
      if (generated.length >= maxTokens) {
        stopReason = maxTokens < params.maxTokens ? 'context_full' : 'max_tokens';
        break;
      }
      if (options.signal.aborted) {
        stopReason = 'cancelled';
        break;
      }
      if (now - lastFlush >= options.streamIntervalMs) {
        lastFlush = now;
        flush(false);
      }
    }
  } finally {
    await iterator.return();
  }
  const ended = performance.now();
  if (stopReason === 'eos') text = model.detokenize(generated.slice(0, generated.length - longestTrigger(generated, stopTriggers)));
  flush(true);

  const promptSeconds = firstTokenAt === null ? null : (firstTokenAt - started) / 1000;
  const afterFirstSeconds = firstTokenAt === null || lastTokenAt === null ? 0 : (lastTokenAt - firstTokenAt) / 1000;
  return {
    text,
    stopReason: stopReason ?? (options.signal.aborted ? 'cancelled' : 'eos'),
    timings: {
      timeToFirstTokenMs: promptSeconds === null ? null : promptSeconds * 1000,
      promptTokens: prompt.length,
      promptTokensPerSecond: promptSeconds === null || promptSeconds === 0 ? null : prompt.length / promptSeconds,
      generatedTokens: generated.length,
      generationTokensPerSecond: generated.length >= 2 && afterFirstSeconds > 0 ? (generated.length - 1) / afterFirstSeconds : null,
      totalMs: ended - started,
    },
    memory: await runtime.memory(),
  };
}

function endsWithTrigger(tokens: readonly Token[], triggers: readonly Token[][]): boolean {
  return longestTrigger(tokens, triggers) > 0;
}

function longestTrigger(tokens: readonly Token[], triggers: readonly Token[][]): number {
  let longest = 0;
  for (const trigger of triggers) {
    if (trigger.length > tokens.length || trigger.length <= longest) continue;
    const offset = tokens.length - trigger.length;
    if (trigger.every((t, i) => tokens[offset + i] === t)) longest = trigger.length;
  }
  return longest;
}
