import { describe, expect, it } from 'vitest';
import { GenerationParams, type GenerationInput } from '../../../shared/engine';
import { buildRequestBody } from './buildRequestBody';

const completion = { kind: 'completion', prompt: 'Once' } as const;
const chat: GenerationInput = { kind: 'chat', messages: [{ role: 'user', content: 'Hi' }], template: 'model' };
const base = { model: 'm', mode: 'auto', dialect: 'openai' } as const;

describe('buildRequestBody', () => {
  it('asks for a stream with usage, and sends each case to its endpoint', () => {
    const params = GenerationParams.parse({ maxTokens: 12, stop: ['\n'] });
    const built = buildRequestBody(base, completion, params);
    expect(built.path).toBe('/completions');
    expect(built.body).toMatchObject({
      model: 'm',
      prompt: 'Once',
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 12,
      stop: ['\n'],
      temperature: 0,
    });
    expect(buildRequestBody(base, chat, params)).toMatchObject({
      path: '/chat/completions',
      body: { messages: [{ role: 'user', content: 'Hi' }] },
    });
  });

  it("sends llama.cpp's samplers under llama-server's names, and never frequency_penalty for the repeat penalty", () => {
    const params = GenerationParams.parse({ temperature: 0.7, topK: 20, minP: 0.05, repeatPenalty: 1.1, repeatLastN: 32, seed: 7 });
    const built = buildRequestBody({ ...base, dialect: 'llama-server' }, completion, params);
    expect(built.body).toMatchObject({ top_k: 20, min_p: 0.05, repeat_penalty: 1.1, repeat_last_n: 32, seed: 7 });
    expect(built.body).not.toHaveProperty('frequency_penalty');
    expect(built.paramsNotSent).toEqual([]);
    const vllm = buildRequestBody({ ...base, dialect: 'vllm' }, completion, params);
    expect(vllm.body).toMatchObject({ repetition_penalty: 1.1 });
    expect(vllm.paramsNotSent).toEqual(['repeatLastN']);
  });

  it('lists the parameters a plain OpenAI server cannot take when they change the output', () => {
    const sampled = buildRequestBody(base, completion, GenerationParams.parse({ temperature: 0.8, minP: 0.1, repeatPenalty: 1.2 }));
    expect(sampled.body).not.toHaveProperty('top_k');
    expect(sampled.body).not.toHaveProperty('frequency_penalty');
    expect(sampled.paramsNotSent).toEqual(['topK', 'minP', 'repeatPenalty']);
    // Greedy decoding ignores the samplers, so nothing that matters is missing.
    expect(buildRequestBody(base, completion, GenerationParams.parse({})).paramsNotSent).toEqual([]);
    // Ollama applies its own repeat penalty unless told otherwise, and its OpenAI layer cannot tell it.
    expect(buildRequestBody({ ...base, dialect: 'ollama' }, completion, GenerationParams.parse({})).paramsNotSent).toEqual([
      'repeatPenalty',
    ]);
  });

  it('asks for log-probabilities in the shape of each endpoint', () => {
    const params = GenerationParams.parse({});
    expect(buildRequestBody({ ...base, logprobs: 3 }, completion, params).body).toMatchObject({ logprobs: 3 });
    expect(buildRequestBody({ ...base, logprobs: 3 }, chat, params).body).toMatchObject({ logprobs: true, top_logprobs: 3 });
  });

  it('refuses a chat case on an endpoint set to completion mode, saying which setting to change', () => {
    expect(() => buildRequestBody({ ...base, mode: 'completion' }, chat, GenerationParams.parse({}))).toThrow(
      /set its mode to "auto" or "chat"/,
    );
    expect(buildRequestBody({ ...base, mode: 'chat' }, completion, GenerationParams.parse({})).body).toMatchObject({
      messages: [{ role: 'user', content: 'Once' }],
    });
  });
});
