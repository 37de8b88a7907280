import { z } from 'zod';
import { GenerationParams, type ChatMessage, type GenerationInput } from '../../../../shared/engine';

/** A request body the worker can run, or why it cannot (400, naming the field). */
export type ParsedRequest =
  | { ok: true; input: GenerationInput; params: GenerationParams; stream: boolean; includeUsage: boolean; model: string | undefined }
  | { ok: false; message: string; param: string | null };

const TextPart = z.object({ type: z.literal('text'), text: z.string() });
const Message = z.object({
  // OpenAI renamed `system` to `developer` for newer models; the chat template knows only `system`.
  role: z.enum(['system', 'developer', 'user', 'assistant']),
  content: z.union([z.string(), z.array(TextPart)]),
});

const Common = z.looseObject({
  model: z.string().optional(),
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().optional() }).nullish(),
  n: z.literal(1).nullish(),
  max_tokens: z.number().nullish(),
  max_completion_tokens: z.number().nullish(),
  temperature: z.number().nullish(),
  top_p: z.number().nullish(),
  top_k: z.number().nullish(),
  min_p: z.number().nullish(),
  seed: z.number().nullish(),
  stop: z.union([z.string(), z.array(z.string())]).nullish(),
  repeat_penalty: z.number().nullish(),
  repeat_last_n: z.number().nullish(),
  frequency_penalty: z.number().nullish(),
  presence_penalty: z.number().nullish(),
  logprobs: z.union([z.boolean(), z.number()]).nullish(),
  echo: z.boolean().nullish(),
});
const Completion = Common.extend({ prompt: z.union([z.string(), z.tuple([z.string()])]) });
const Chat = Common.extend({ messages: z.array(Message).min(1), chat_template: z.string().optional() });

const paramNames: Record<string, string> = {
  temperature: 'temperature',
  topK: 'top_k',
  topP: 'top_p',
  minP: 'min_p',
  repeatPenalty: 'repeat_penalty',
  repeatLastN: 'repeat_last_n',
  seed: 'seed',
  maxTokens: 'max_tokens',
  stop: 'stop',
};

/**
 * Reads an OpenAI `/completions` or `/chat/completions` body into the engine's input and
 * parameters. Omitted parameters take Evalbench's defaults (greedy, 256 tokens), not OpenAI's,
 * and the answer reports the ones used. Fields the engine cannot honour are refused rather than
 * ignored, so that a client never believes it got what it did not: several choices, echo,
 * log-probabilities, and OpenAI's frequency/presence penalties (llama.cpp's `repeat_penalty`
 * is a different penalty; send that instead).
 */
export function parseOpenAiRequest(kind: 'completion' | 'chat', body: unknown): ParsedRequest {
  const parsed = kind === 'completion' ? Completion.safeParse(body) : Chat.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const param = issue?.path.join('.') ?? null;
    return {
      ok: false,
      message: `Invalid request${param === null || param === '' ? '' : ` field "${param}"`}: ${issue?.message ?? 'unreadable body'}.`,
      param,
    };
  }
  const r = parsed.data;
  const refuse = (param: string, message: string): ParsedRequest => ({ ok: false, message, param });
  if ((r.frequency_penalty ?? 0) !== 0 || (r.presence_penalty ?? 0) !== 0) {
    const param = (r.frequency_penalty ?? 0) !== 0 ? 'frequency_penalty' : 'presence_penalty';
    return refuse(
      param,
      `${param} is not supported by an Evalbench worker; llama.cpp's repeat_penalty (with repeat_last_n) is a different penalty, send that instead.`,
    );
  }
  if (r.logprobs !== undefined && r.logprobs !== null && r.logprobs !== false) {
    return refuse('logprobs', 'Log-probabilities are not available from an Evalbench worker; leave logprobs out.');
  }
  if (r.echo === true) return refuse('echo', 'echo is not supported by an Evalbench worker.');

  const stop = r.stop === undefined || r.stop === null ? undefined : typeof r.stop === 'string' ? [r.stop] : r.stop;
  const candidate = Object.fromEntries(
    Object.entries({
      temperature: r.temperature,
      topP: r.top_p,
      topK: r.top_k,
      minP: r.min_p,
      seed: r.seed,
      repeatPenalty: r.repeat_penalty,
      repeatLastN: r.repeat_last_n,
      maxTokens: r.max_completion_tokens ?? r.max_tokens,
      stop: stop?.filter((s) => s !== ''),
    }).filter(([, v]) => v !== undefined && v !== null),
  );
  const params = GenerationParams.safeParse(candidate);
  if (!params.success) {
    const issue = params.error.issues[0];
    const name = paramNames[String(issue?.path[0])] ?? String(issue?.path[0]);
    return refuse(name, `Invalid ${name}: ${issue?.message ?? 'out of range'}.`);
  }
  return {
    ok: true,
    input: inputOf(kind, body),
    params: params.data,
    stream: r.stream === true,
    includeUsage: r.stream_options?.include_usage === true,
    model: r.model,
  };
}

/** The case itself; `body` has already passed the schema for its kind. */
function inputOf(kind: 'completion' | 'chat', body: unknown): GenerationInput {
  if (kind === 'completion') {
    const { prompt } = Completion.parse(body);
    return { kind: 'completion', prompt: typeof prompt === 'string' ? prompt : prompt[0] };
  }
  const chat = Chat.parse(body);
  const messages: ChatMessage[] = chat.messages.map((m) => ({
    role: m.role === 'developer' ? 'system' : m.role,
    content: typeof m.content === 'string' ? m.content : m.content.map((p) => p.text).join(''),
  }));
  return { kind: 'chat', messages, template: chat.chat_template ?? 'model' };
}
