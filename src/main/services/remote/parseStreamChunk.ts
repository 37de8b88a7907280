import { z } from 'zod';
import { EvalbenchExtension } from './EvalbenchExtension';
import type { ServerTimings, TokenLogprob } from './RemoteGenerationResult';

/** One streamed chunk, whichever endpoint and server sent it. */
export interface StreamChunk {
  /** New output text ('' for role, usage and finish chunks). */
  text: string;
  /** OpenAI's `stop`, `length`, …; null until the last choice chunk. */
  finishReason: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
  /** The model the server says is answering. */
  model: string | null;
  logprobs: TokenLogprob[];
  /** llama-server's own `timings` object, when it sends one. */
  serverTimings: ServerTimings | null;
  evalbench: EvalbenchExtension | null;
  /** An error the server reported inside the stream. */
  error: string | null;
}

const count = z.number().int().nonnegative().nullish().catch(null);
const rate = z.number().nonnegative().nullish().catch(null);
const alternatives = z
  .array(z.object({ token: z.string(), logprob: z.number() }))
  .nullish()
  .catch(null);

const ChatLogprobs = z.object({
  content: z.array(z.object({ token: z.string(), logprob: z.number(), top_logprobs: alternatives })).nullish(),
});
const CompletionLogprobs = z.object({
  tokens: z.array(z.string()),
  token_logprobs: z.array(z.number().nullable()),
  top_logprobs: z.array(z.record(z.string(), z.number()).nullable()).nullish(),
});

const Choice = z.object({
  text: z.string().nullish(),
  delta: z.object({ content: z.string().nullish() }).nullish(),
  /** A server that ignored `stream: true` answers once, with a whole message. */
  message: z.object({ content: z.string().nullish() }).nullish(),
  finish_reason: z.string().nullish(),
  // Completion first: the chat shape has only optional fields and would match anything.
  logprobs: z.union([CompletionLogprobs, ChatLogprobs]).nullish().catch(null),
});

const Chunk = z.object({
  model: z.string().nullish().catch(null),
  choices: z.array(Choice).nullish(),
  usage: z.object({ prompt_tokens: count, completion_tokens: count }).nullish().catch(null),
  timings: z
    .object({
      prompt_n: count,
      prompt_ms: rate,
      prompt_per_second: rate,
      predicted_n: count,
      predicted_ms: rate,
      predicted_per_second: rate,
    })
    .nullish()
    .catch(null),
  evalbench: EvalbenchExtension.nullish().catch(null),
  error: z.union([z.string(), z.object({ message: z.string() })]).nullish(),
});

/**
 * Parses the JSON of one SSE event from `/completions` or `/chat/completions` into the few
 * things a generation needs. Only the first choice is read: Evalbench always asks for one.
 * Unknown extra fields are ignored; figures in an unexpected shape are dropped, not guessed.
 * Throws, with a short description of the event, when it is not a chunk at all.
 */
export function parseStreamChunk(data: string): StreamChunk {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    throw new Error(`an event that is not JSON: ${data.slice(0, 120)}`);
  }
  const parsed = Chunk.safeParse(json);
  if (!parsed.success) throw new Error(`an event that is not a completion chunk: ${data.slice(0, 120)}`);
  const chunk = parsed.data;
  const choice = chunk.choices?.[0];
  const t = chunk.timings;
  return {
    text: choice?.delta?.content ?? choice?.message?.content ?? choice?.text ?? '',
    finishReason: choice?.finish_reason ?? null,
    promptTokens: chunk.usage?.prompt_tokens ?? null,
    completionTokens: chunk.usage?.completion_tokens ?? null,
    model: chunk.model ?? null,
    logprobs: tokenLogprobs(choice?.logprobs ?? null),
    serverTimings:
      t == null
        ? null
        : {
            timeToFirstTokenMs: t.prompt_ms ?? null,
            promptTokens: t.prompt_n ?? null,
            promptTokensPerSecond: t.prompt_per_second ?? null,
            generatedTokens: t.predicted_n ?? null,
            generationTokensPerSecond: t.predicted_per_second ?? null,
            totalMs: t.prompt_ms != null && t.predicted_ms != null ? t.prompt_ms + t.predicted_ms : null,
            queuedMs: null,
          },
    evalbench: chunk.evalbench ?? null,
    error: chunk.error == null ? null : typeof chunk.error === 'string' ? chunk.error : chunk.error.message,
  };
}

function tokenLogprobs(logprobs: z.infer<typeof ChatLogprobs> | z.infer<typeof CompletionLogprobs> | null): TokenLogprob[] {
  if (logprobs === null) return [];
  if ('tokens' in logprobs) {
    return logprobs.tokens.map((token, i) => ({
      token,
      logprob: logprobs.token_logprobs[i] ?? null,
      top: Object.entries(logprobs.top_logprobs?.[i] ?? {}).map(([alt, logprob]) => ({ token: alt, logprob })),
    }));
  }
  return (logprobs.content ?? []).map((entry) => ({ token: entry.token, logprob: entry.logprob, top: entry.top_logprobs ?? [] }));
}
