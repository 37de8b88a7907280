import { RemoteEngineError } from '../../remote/RemoteEngineError';
import type { ScoringClient } from './ScoringClient';

/**
 * POSTs a `/completions` request that carries a list of `prompts` prompts and returns its
 * `choices` in prompt order (by `index`). Throws a `RemoteEngineError` (`protocol`) when the
 * answer has no choices, or not one per prompt.
 */
export async function completionChoices(
  client: ScoringClient,
  body: { prompt: readonly unknown[] } & Record<string, unknown>,
  signal: AbortSignal | undefined,
): Promise<Record<string, unknown>[]> {
  const answer = (await client.post('/completions', body, { signal })) as { choices?: unknown } | null;
  if (!Array.isArray(answer?.choices))
    throw new RemoteEngineError(
      'protocol',
      `${client.name} answered POST /completions without choices; check that the base URL points at the API (usually ending in /v1).`,
    );
  const choices = (answer.choices as Record<string, unknown>[]).slice().sort((a, b) => Number(a.index ?? 0) - Number(b.index ?? 0));
  if (choices.length !== body.prompt.length) {
    throw new RemoteEngineError(
      'protocol',
      `${client.name} answered ${choices.length} choices for ${body.prompt.length} prompts in one request; it may not accept a list of prompts.`,
    );
  }
  return choices;
}
