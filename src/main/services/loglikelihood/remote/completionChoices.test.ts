import { describe, expect, it } from 'vitest';
import { completionChoices } from './completionChoices';
import { ScoringClient } from './ScoringClient';

/** A client whose server answers every request with `answer`, recording what was sent. */
function clientAnswering(answer: unknown): { client: ScoringClient; sent: unknown[] } {
  const sent: unknown[] = [];
  const fetchImpl: typeof fetch = (_url, init) => {
    sent.push(JSON.parse(init?.body as string));
    return Promise.resolve(new Response(JSON.stringify(answer), { status: 200, headers: { 'content-type': 'application/json' } }));
  };
  return {
    client: new ScoringClient({ baseUrl: 'http://gpu-box:8000/v1', model: 'toy', retries: 0 }, { fetch: fetchImpl, env: {} }),
    sent,
  };
}

const body = { model: 'toy', prompt: ['a', 'b', 'c'], echo: true };

describe('completionChoices', () => {
  it('sends the request and gives the choices back in prompt order, whatever order the server used', async () => {
    const { client, sent } = clientAnswering({
      choices: [
        { index: 2, text: 'C' },
        { index: 0, text: 'A' },
        { index: 1, text: 'B' },
      ],
    });
    const choices = await completionChoices(client, body, undefined);
    expect(choices.map((c) => c.text)).toEqual(['A', 'B', 'C']);
    expect(sent).toEqual([body]);
  });

  it('is a protocol error naming the endpoint when the answer has no choices', async () => {
    const { client } = clientAnswering({ detail: 'Not Found' });
    await expect(completionChoices(client, body, undefined)).rejects.toMatchObject({
      kind: 'protocol',
      message:
        'http://gpu-box:8000/v1 answered POST /completions without choices; check that the base URL points at the API (usually ending in /v1).',
    });
  });

  it('is a protocol error when the server answered a different number of choices than prompts', async () => {
    const { client } = clientAnswering({ choices: [{ index: 0, text: 'A' }] });
    await expect(completionChoices(client, body, undefined)).rejects.toMatchObject({
      kind: 'protocol',
      message: 'http://gpu-box:8000/v1 answered 1 choices for 3 prompts in one request; it may not accept a list of prompts.',
    });
  });
});
