import type { Token } from 'node-llama-cpp';
import type { GenerationInput, GenerationParams, GenerationResult, StopReason } from '../../../../shared/engine';
import type { ModelRuntime } from './ModelRuntime';
import { sequenceIdOf, type NativeDecodeLoop, type TimedToken } from './nativeDecodeLoop';
import { continuationOf, IncrementalDetokenizer } from './IncrementalDetokenizer';
import { StopMatcher } from './StopMatcher';
import { StreamBatcher } from './StreamBatcher';

/** The most tokens whose text is gathered into one message to the host. */
const STREAM_MAX_TOKENS = 64;

export interface GenerateOptions {
  signal: AbortSignal;
  /** Streamed text, coalesced into a call per `streamIntervalMs` (or per 64 tokens). */
  onText: (text: string, tokens: number) => void;
  streamIntervalMs: number;
}

/**
 * Runs one case on a fresh context: evaluates the prompt, samples until a stop condition, and
 * measures time to first token and both token rates where they happen, in this process.
 */
export async function generate(
  runtime: ModelRuntime,
  input: GenerationInput,
  params: GenerationParams,
  options: GenerateOptions,
): Promise<GenerationResult> {
  const greedy = params.temperature === 0 && (params.repeatPenalty === 1 || params.repeatLastN === 0);
  const loop = greedy ? runtime.decodeLoop : null;
  // llama.cpp's counters are the context's: they belong to this case only when it has the context to itself.
  const counters = runtime.context.totalSequences === 1 ? runtime.decodeLoop : null;
  if (loop === null) {
    return runtime.withSequence(async (sequence) => {
      await runtime.resetSequence(sequence);
      return generateOn(runtime, input, params, options, counters, (prompt) =>
        timed(sequence.evaluate(prompt, runtime.samplingOptions(params, sequence))),
      );
    });
  }
  const sequence = await runtime.acquire();
  try {
    const id = sequenceIdOf(sequence);
    if (id === null) throw new Error('node-llama-cpp did not name the sequence for the native decode loop.');
    // A sequence node-llama-cpp last used (a sampled or log-likelihood case) is emptied its way.
    if (sequence.nextTokenIndex > 0) await runtime.throughNodeLlamaCpp(() => runtime.resetSequence(sequence));
    return await generateOn(runtime, input, params, options, counters, (prompt, limits) => loop.generate(id, prompt, limits));
  } finally {
    runtime.release(sequence);
  }
}

/** The case's tokens, each with the moment it was sampled. */
type TokenSource = (
  prompt: Token[],
  limits: { maxTokens: number; signal: AbortSignal; stopTokens: Token[] },
) => AsyncGenerator<TimedToken, void, undefined>;

async function generateOn(
  runtime: ModelRuntime,
  input: GenerationInput,
  params: GenerationParams,
  options: GenerateOptions,
  counters: Pick<NativeDecodeLoop, 'counters'> | null,
  tokensFor: TokenSource,
): Promise<GenerationResult> {
  const { model } = runtime;
  const { tokens: prompt, stopTriggers } = runtime.promptTokens(input);
  // node-llama-cpp gives every sequence the whole context size (it allocates size × sequences).
  const room = runtime.context.contextSize - prompt.length;
  if (room <= 0) {
    throw new Error(
      `The prompt is ${prompt.length} tokens but the context holds ${runtime.context.contextSize}; load the model with a larger context size.`,
    );
  }
  const maxTokens = Math.min(params.maxTokens, room);
  // Constant work per token: only the new token is detokenized and only the tail that could still
  // become a stop string is searched; the host gets text in small batches, not per token.
  const detokenizer = new IncrementalDetokenizer(continuationOf((tokens) => model.detokenize(tokens)));
  const stops = new StopMatcher(params.stop);
  const chunks: string[] = [];
  const stream = new StreamBatcher(options.onText, { intervalMs: options.streamIntervalMs, maxTokens: STREAM_MAX_TOKENS });
  const generated: Token[] = [];
  let stopReason: StopReason | null = null;
  let firstTokenAt: number | null = null;
  let lastTokenAt: number | null = null;

  counters?.counters(true);
  const started = performance.now();
  const stopTokens = stopTriggers.flatMap((trigger) => (trigger.length === 1 ? trigger : []));
  const iterator = tokensFor(prompt, { maxTokens, signal: options.signal, stopTokens });
  try {
    for await (const { token, at: now } of iterator) {
      firstTokenAt ??= now;
      lastTokenAt = now;
      generated.push(token);
      if (endsWithTrigger(generated, stopTriggers)) {
        stopReason = 'eos';
        break;
      }
      const released = stops.push(detokenizer.push(token));
      chunks.push(released.text);
      if (released.stopped) {
        stream.finish(released.text, generated.length, now);
        stopReason = 'stop_sequence';
        break;
      }
      stream.add(released.text, generated.length, now);
      if (generated.length >= maxTokens) {
        stopReason = maxTokens < params.maxTokens ? 'context_full' : 'max_tokens';
        break;
      }
      if (options.signal.aborted) {
        stopReason = 'cancelled';
        break;
      }
    }
  } finally {
    await iterator.return();
  }
  const ended = performance.now();
  const inside = counters?.counters(false);
  let text: string;
  if (stopReason === 'eos') {
    // A chat template's end-of-turn text can span tokens: the output is what comes before it.
    const kept = generated.slice(0, generated.length - longestTrigger(generated, stopTriggers));
    text = model.detokenize(kept);
    const streamed = chunks.join('');
    stream.finish(text.startsWith(streamed) ? text.slice(streamed.length) : '', generated.length, ended);
  } else {
    if (stopReason !== 'stop_sequence') {
      const rest = stops.push(detokenizer.finish());
      const tail = rest.stopped ? '' : stops.end();
      chunks.push(rest.text, tail);
      stream.finish(rest.text + tail, generated.length, ended);
    }
    text = chunks.join('');
  }

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
      ...(inside != null && inside.decodes > 0 && inside.decodeMs > 0
        ? { llamaCppDecodeTokensPerSecond: inside.decodes / (inside.decodeMs / 1000) }
        : {}),
      totalMs: ended - started,
    },
    memory: await runtime.memory(),
  };
}

/** node-llama-cpp's tokens, timed as they arrive. */
async function* timed(tokens: AsyncGenerator<Token, void, Token | undefined>): AsyncGenerator<TimedToken, void, undefined> {
  try {
    for await (const token of tokens) yield { token, at: performance.now() };
  } finally {
    await tokens.return();
  }
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
