import { describe, expect, it } from 'vitest';
import { parseStreamChunk } from './parseStreamChunk';

describe('parseStreamChunk', () => {
  it('reads chat deltas, completion text, usage and the finish reason', () => {
    expect(parseStreamChunk('{"model":"m","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}')).toMatchObject({
      text: 'Hi',
      model: 'm',
      finishReason: null,
    });
    expect(parseStreamChunk('{"choices":[{"index":0,"text":" there","finish_reason":"length"}]}')).toMatchObject({
      text: ' there',
      finishReason: 'length',
    });
    expect(parseStreamChunk('{"choices":[],"usage":{"prompt_tokens":5,"completion_tokens":9,"total_tokens":14}}')).toMatchObject({
      text: '',
      promptTokens: 5,
      completionTokens: 9,
    });
  });

  it("takes llama-server's own timings as the server's figures", () => {
    const chunk = parseStreamChunk(
      '{"choices":[],"timings":{"prompt_n":4,"prompt_ms":20,"prompt_per_second":200,"predicted_n":10,"predicted_ms":100,"predicted_per_second":100}}',
    );
    expect(chunk.serverTimings).toEqual({
      timeToFirstTokenMs: 20,
      promptTokens: 4,
      promptTokensPerSecond: 200,
      generatedTokens: 10,
      generationTokensPerSecond: 100,
      totalMs: 120,
      queuedMs: null,
    });
  });

  it('reads log-probabilities in the chat and the completion shape', () => {
    const chat = parseStreamChunk(
      '{"choices":[{"delta":{"content":"a"},"logprobs":{"content":[{"token":"a","logprob":-0.1,"top_logprobs":[{"token":"b","logprob":-2}]}]}}]}',
    );
    expect(chat.logprobs).toEqual([{ token: 'a', logprob: -0.1, top: [{ token: 'b', logprob: -2 }] }]);
    const completion = parseStreamChunk(
      '{"choices":[{"text":"a","logprobs":{"tokens":["a"],"token_logprobs":[-0.5],"top_logprobs":[{"a":-0.5,"c":-1}]}}]}',
    );
    expect(completion.logprobs).toEqual([
      {
        token: 'a',
        logprob: -0.5,
        top: [
          { token: 'a', logprob: -0.5 },
          { token: 'c', logprob: -1 },
        ],
      },
    ]);
  });

  it('surfaces an error event, and refuses what is not a chunk', () => {
    expect(parseStreamChunk('{"error":{"message":"context full","code":500}}').error).toBe('context full');
    expect(() => parseStreamChunk('<html>')).toThrow(/not JSON/);
    expect(() => parseStreamChunk('{"choices":"nope"}')).toThrow(/not a completion chunk/);
  });
});
