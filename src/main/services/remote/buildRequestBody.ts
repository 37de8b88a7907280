import type { GenerationInput, GenerationParams } from '../../../shared/engine';
import type { RemoteEngineConfig, ServerDialect } from './RemoteEngineConfig';
import { RemoteEngineError } from './RemoteEngineError';

/** The sampling fields a server accepts beyond OpenAI's `temperature`, `top_p`, `max_tokens`, `stop`. */
interface DialectFields {
  seed: boolean;
  topK: boolean;
  minP: boolean;
  /**
   * The field for llama.cpp's repeat penalty (logits of tokens seen in the last N divided by the
   * penalty), or null. OpenAI's `frequency_penalty` is NOT the same thing (it subtracts in
   * proportion to how often a token occurred, on another scale) and is never sent in its place.
   * vLLM's `repetition_penalty` is the same multiplicative penalty but over the whole prompt and
   * output, without a window, so `repeatLastN` is reported as not sent there.
   */
  repeatPenalty: 'repeat_penalty' | 'repetition_penalty' | null;
  repeatLastN: boolean;
  /** The server applies a repeat penalty of its own unless told otherwise (Ollama: the Modelfile's, often 1.1). */
  ownRepeatPenalty: boolean;
  /** Accepts `chat_template` naming one of the engine's built-in templates (an Evalbench worker). */
  chatTemplate: boolean;
}

const dialects: Record<ServerDialect, DialectFields> = {
  openai: { seed: true, topK: false, minP: false, repeatPenalty: null, repeatLastN: false, ownRepeatPenalty: false, chatTemplate: false },
  'llama-server': {
    seed: true,
    topK: true,
    minP: true,
    repeatPenalty: 'repeat_penalty',
    repeatLastN: true,
    ownRepeatPenalty: false,
    chatTemplate: false,
  },
  vllm: {
    seed: true,
    topK: true,
    minP: true,
    repeatPenalty: 'repetition_penalty',
    repeatLastN: false,
    ownRepeatPenalty: false,
    chatTemplate: false,
  },
  // Ollama's OpenAI layer maps only OpenAI's fields; its own samplers live in its native API.
  ollama: { seed: true, topK: false, minP: false, repeatPenalty: null, repeatLastN: false, ownRepeatPenalty: true, chatTemplate: false },
  lmstudio: {
    seed: true,
    topK: true,
    minP: false,
    repeatPenalty: 'repeat_penalty',
    repeatLastN: false,
    ownRepeatPenalty: false,
    chatTemplate: false,
  },
  tgi: { seed: true, topK: false, minP: false, repeatPenalty: null, repeatLastN: false, ownRepeatPenalty: false, chatTemplate: false },
  evalbench: {
    seed: true,
    topK: true,
    minP: true,
    repeatPenalty: 'repeat_penalty',
    repeatLastN: true,
    ownRepeatPenalty: false,
    chatTemplate: true,
  },
};

/** One request, ready to send. */
export interface BuiltRequest {
  path: '/completions' | '/chat/completions';
  body: Record<string, unknown>;
  /** Parameters the dialect cannot carry and that would change the output (see `RemoteGenerationResult.paramsNotSent`). */
  paramsNotSent: string[];
}

/**
 * Turns a case and its parameters into a streaming OpenAI request for the configured server,
 * sending each llama.cpp sampler under the name that server knows, and listing the ones it
 * cannot take. Sampler settings only matter when sampling (temperature above 0); the repeat
 * penalty matters always.
 */
export function buildRequestBody(
  config: Pick<RemoteEngineConfig, 'model' | 'mode' | 'dialect' | 'logprobs'>,
  input: GenerationInput,
  params: GenerationParams,
): BuiltRequest {
  const fields = dialects[config.dialect];
  const sampling = params.temperature > 0;
  const notSent: string[] = [];
  const body: Record<string, unknown> = {
    model: config.model,
    stream: true,
    stream_options: { include_usage: true },
    max_tokens: params.maxTokens,
    temperature: params.temperature,
    top_p: params.topP,
  };
  if (params.stop.length > 0) body.stop = params.stop;
  if (fields.seed) body.seed = params.seed;
  else if (sampling) notSent.push('seed');
  if (fields.topK) body.top_k = params.topK;
  else if (sampling) notSent.push('topK');
  if (fields.minP) body.min_p = params.minP;
  else if (sampling && params.minP > 0) notSent.push('minP');

  const penaltyOn = params.repeatPenalty !== 1 && params.repeatLastN !== 0;
  if (fields.repeatPenalty !== null) {
    body[fields.repeatPenalty] = penaltyOn ? params.repeatPenalty : 1;
    if (fields.repeatLastN) body.repeat_last_n = params.repeatLastN;
    else if (penaltyOn) notSent.push('repeatLastN');
  } else if (penaltyOn || fields.ownRepeatPenalty) {
    notSent.push('repeatPenalty');
  }

  const chatEndpoint = config.mode === 'chat' || (config.mode === 'auto' && input.kind === 'chat');
  if (input.kind === 'chat' && !chatEndpoint) {
    throw new RemoteEngineError(
      'config',
      `The endpoint for ${config.model} is set to mode "completion", which cannot send a chat case; set its mode to "auto" or "chat".`,
    );
  }
  if (chatEndpoint) {
    body.messages = input.kind === 'chat' ? input.messages : [{ role: 'user', content: input.prompt }];
    if (input.kind === 'chat' && input.template !== 'model') {
      if (fields.chatTemplate) body.chat_template = input.template;
      else notSent.push('template');
    }
    if (config.logprobs !== undefined) Object.assign(body, { logprobs: true, top_logprobs: config.logprobs });
  } else if (input.kind === 'completion') {
    body.prompt = input.prompt;
    if (config.logprobs !== undefined) body.logprobs = config.logprobs;
  }
  return { path: chatEndpoint ? '/chat/completions' : '/completions', body, paramsNotSent: notSent };
}
